import Foundation
import PhoenixDrivers

/// A simulated Proxmox cluster for tests: one ``StandInHost`` per node, each behind its own real
/// `sshd` on loopback (``SSHServer``), serving only the guests placed on that node (`pct`/`qm` refuse
/// the others with the real "Configuration file 'nodes/<node>/…' does not exist"), and one shared
/// `cluster.json` that every node's `pvesh` reads, as every node of a quorate cluster sees the same
/// `/cluster/resources`. One client key is authorised on every node and one pinned known-hosts file
/// names every node's host key.
public final class StandInCluster: Sendable {
    /// One node.
    public struct Node: Sendable {
        /// Its Proxmox name.
        public let name: String
        /// Its stand-in tools and state.
        public let host: StandInHost
        /// Its sshd.
        public let server: SSHServer
    }

    /// The nodes, in the order given.
    public let nodes: [Node]
    /// The fixture's folder.
    public let directory: String
    /// The shared cluster state (`{"guests": {"lxc 101": {"node", "status"}}, "offline": [...]}`).
    public var clusterFile: String { directory + "/cluster.json" }
    /// ControlMaster sockets: short, since ssh appends a 17-character suffix and a socket path has 108 bytes.
    public var controlDirectory: String { "/tmp/pcm-" + String(directory.suffix(12)) }
    /// The cluster file system every node shares (`/etc/pve`; the first node's folder).
    public var pveDirectory: String { nodes[0].host.hostRoot + "/etc/pve" }
    /// The pinned known-hosts file naming every node.
    public var knownHostsFile: String { directory + "/known_hosts" }
    /// The client key authorised on every node.
    public var identityFile: String { nodes[0].server.clientPrivateKey.path }

    /// True when sshd can run here (see ``SSHServer/isAvailable``).
    public static var isAvailable: Bool { SSHServer.isAvailable }

    /// Starts one sshd and one stand-in host per name.
    public init(nodeNames: [String]) throws {
        directory = FileManager.default.temporaryDirectory.path + "/phoenix-cluster-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/tmp/pcm-" + String(directory.suffix(12)), withIntermediateDirectories: true)
        var made: [Node] = []
        var knownHosts = ""
        for name in nodeNames {
            let host = try StandInHost(in: directory)
            let sshDirectory = URL(fileURLWithPath: directory + "/ssh-" + name)
            try FileManager.default.createDirectory(at: sshDirectory, withIntermediateDirectories: true)
            // A session finds the node's own stand-ins first (systemctl, pve-firewall …), as a real
            // node's root finds its tools.
            let server = try SSHServer(directory: sshDirectory, environment: ["PATH": host.searchPath])
            // One /etc/pve for the whole cluster (pmxcfs): the first node's, linked from the others.
            let pve = host.hostRoot + "/etc/pve"
            if made.isEmpty {
                try FileManager.default.createDirectory(atPath: pve + "/priv", withIntermediateDirectories: true)
            } else {
                try FileManager.default.createDirectory(atPath: host.hostRoot + "/etc", withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: pve, withDestinationPath: made[0].host.hostRoot + "/etc/pve")
            }
            try host.writeJSON(name, "node.json")
            try host.writeJSON(directory + "/cluster.json", "cluster_path.json")
            let hostKey = try String(contentsOf: sshDirectory.appendingPathComponent("ssh_host_ed25519_key.pub"), encoding: .utf8)
            let fields = hostKey.split(separator: " ")
            knownHosts += "[127.0.0.1]:\(server.port) \(fields[0]) \(fields[1])\n"
            made.append(Node(name: name, host: host, server: server))
        }
        // One key for the whole cluster, as root's key is shared between Proxmox nodes.
        let publicKey = try Data(contentsOf: made[0].server.clientPublicKey)
        for node in made.dropFirst() {
            try publicKey.write(to: URL(fileURLWithPath: directory + "/ssh-" + node.name + "/authorized_keys"))
        }
        try Data(knownHosts.utf8).write(to: URL(fileURLWithPath: directory + "/known_hosts"))
        nodes = made
        try save(ClusterState(guests: [:], offline: []))
    }

    /// The node by name.
    public func node(_ name: String) -> Node {
        nodes.first { $0.name == name }!
    }

    /// Places a guest on a node (removing it from every other node), as a creation or a migration does.
    public func place(_ location: Location, on name: String, _ state: GuestState = .running) throws {
        for node in nodes { try node.host.setGuest(location, node.name == name ? state : .missing) }
        var cluster = try load()
        cluster.guests[location.description] = .init(node: name, status: state == .running ? "running" : "stopped")
        try save(cluster)
    }

    /// Marks a node offline in the cluster's view (`pvesh` then reports its guests as "unknown").
    public func setOffline(_ name: String, _ offline: Bool) throws {
        var cluster = try load()
        cluster.offline.removeAll { $0 == name }
        if offline { cluster.offline.append(name) }
        try save(cluster)
    }

    /// The cluster settings for the driver: `localNode` runs its tools directly (nil: every node over SSH).
    public func settings(localNode: String?, reuseConnections: Bool) -> ProxmoxCluster {
        ProxmoxCluster(
            localNode: localNode,
            nodes: nodes.map {
                var node = ClusterNode(
                    name: $0.name, address: "127.0.0.1", port: $0.server.port, user: $0.server.user,
                    pct: $0.host.binDirectory + "/pct", qm: $0.host.binDirectory + "/qm",
                    pvesh: $0.host.binDirectory + "/pvesh")
                node.hostRoot = $0.host.hostRoot
                return node
            },
            knownHostsFile: knownHostsFile, identityFile: identityFile,
            controlDirectory: reuseConnections ? controlDirectory : nil, connectTimeoutSeconds: 5,
            placementMaxAge: .seconds(3600))  // a loaded test machine must not turn one run into two
    }

    /// A driver on `localNode` (its stand-ins first on the search path), or off-host when nil.
    public func driver(localNode: String?, reuseConnections: Bool = false) -> ProxmoxDriver {
        let base = localNode.map { node($0).host } ?? nodes[0].host
        return ProxmoxDriver(
            runner: localNode.map { node($0).host.runner() } ?? CommandRunner(),
            options: ProxmoxDriver.Options(
                hostRoot: base.hostRoot, commandTimeout: .seconds(60), guestExecTimeoutSeconds: 30,
                cluster: settings(localNode: localNode, reuseConnections: reuseConnections)))
    }

    /// Every tool call recorded on every node, by node name.
    public func argvs(of tool: String) throws -> [String: [[String]]] {
        var result: [String: [[String]]] = [:]
        for node in nodes { result[node.name] = try node.host.argvs(of: tool) }
        return result
    }

    /// Stops every sshd (ControlMaster processes exit with their sockets' folder) and removes the folder.
    public func remove() {
        for node in nodes { node.server.stop() }
        if FileManager.default.fileExists(atPath: directory) {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: controlDirectory)) ?? [] where entry.count == 40 {
                // ControlPath %C sockets: ask each master to exit.
                _ = try? TestProcess.run("ssh", ["-o", "ControlPath=\(controlDirectory)/\(entry)", "-O", "exit", "x"])
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: controlDirectory)
    }

    struct ClusterState: Codable {
        struct Guest: Codable { var node: String; var status: String }
        var guests: [String: Guest]
        var offline: [String]
    }

    private func load() throws -> ClusterState {
        try JSONDecoder().decode(ClusterState.self, from: Data(contentsOf: URL(fileURLWithPath: clusterFile)))
    }

    private func save(_ state: ClusterState) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(state).write(to: URL(fileURLWithPath: clusterFile), options: .atomic)
    }
}
