import Foundation

/// Host-level work on another node of the cluster (docs/adr/0047-host-stages-on-cluster-nodes.md).
///
/// A copy of the driver whose `remoteHost` is set sends its `.host` operations to that node over the
/// same `ssh` as guest calls (argv quoted by ``ShellQuote``, content on stdin, never on a command line):
/// `cat` to read, the fixed ``ProxmoxDriver/guestWriteScript`` then `sha256sum` to write, `rm -f` and
/// `find -print0`. Paths are confined by text (``ConfinedDriver``, which the engine wraps every stage's
/// driver in); the node's own file system decides the rest, as it does for guests.
extension ProxmoxDriver {
    /// The machines for `selection` (see ``HostSelection``); without a cluster, this driver once.
    public func hostTargets(_ selection: HostSelection) async throws -> [HostTarget] {
        guard let cluster = options.cluster else { return [HostTarget(node: nil, driver: self)] }
        let here = HostTarget(node: cluster.localNode, driver: self)
        switch selection {
        case .watcher:
            return [here]
        case .clusterFileSystem:
            if cluster.localNode != nil { return [here] }
            var failures: [String] = []
            for node in cluster.nodes {
                do {
                    let copy = try onNode(node.name, cluster: cluster)
                    _ = try await copy.remoteHostRun(["true"], node: node, stdin: nil)
                    return [HostTarget(node: node.name, driver: copy)]
                } catch let error as DriverError where error.isTransient {
                    failures.append(error.description)
                }
            }
            throw DriverError.nodeUnreachable(
                node: cluster.nodes.map(\.name).joined(separator: ","), location: .host,
                reason: "no node answered to write the cluster file system: " + failures.joined(separator: "; "))
        case .nodes(let names):
            return try names.map { $0 == cluster.localNode ? here : HostTarget(node: $0, driver: try onNode($0, cluster: cluster)) }
        case .allNodes:
            var names = cluster.nodes.map(\.name)
            if let local = cluster.localNode, !names.contains(local) { names.insert(local, at: 0) }
            return try await hostTargets(.nodes(names))
        }
    }

    /// This driver with its host operations on node `name` (itself when that is this node).
    func onNode(_ name: String, cluster: ProxmoxCluster) throws -> ProxmoxDriver {
        if name == cluster.localNode { return self }
        guard let node = cluster.node(named: name) else {
            throw DriverError.invalidRequest(
                location: .host, reason: "node \(name) is not in the cluster settings' nodes (\(cluster.nodes.map(\.name).joined(separator: ", ")))")
        }
        var copy = self
        copy.remoteHost = node
        return copy
    }

    /// `ssh node -- argv…`; ssh's own failures become `nodeUnreachable` (transient) or a refusal.
    func remoteHostRun(_ argv: [String], node: ClusterNode, stdin: Data?) async throws -> CommandResult {
        guard let cluster = options.cluster else {
            throw DriverError.invalidRequest(location: .host, reason: "no cluster settings to reach node \(node.name)")
        }
        let result = try await tool(cluster.sshArgv(argv, on: node), at: .host, stdin: stdin)
        try Self.checkTransport(result, node: node.name, location: .host)
        return result
    }

    /// `cat -- <path>` on the node; "No such file or directory" means nil.
    func remoteHostRead(_ path: String, node: ClusterNode) async throws -> Data? {
        try await catRead(node.hostPath(path), at: .host, node: node.name) { argv, stdin in
            try await remoteHostRun(argv, node: node, stdin: stdin)
        }
    }

    /// The fixed write script with the content on stdin, then the digest read back, as in a container.
    func remoteHostWrite(_ path: String, contents: Data, mode: Int, owner: FileOwner?, node: ClusterNode) async throws {
        try await scriptWrite(node.hostPath(path), contents: contents, mode: mode, owner: owner, at: .host, node: node.name) {
            argv, stdin in try await remoteHostRun(argv, node: node, stdin: stdin)
        }
    }
}
