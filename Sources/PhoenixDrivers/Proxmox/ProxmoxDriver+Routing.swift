import Foundation

/// Guest → node routing in a cluster (docs/adr/0035-guest-routing-in-a-cluster.md).
///
/// Every `pct`/`qm` call names one guest; it runs on the node that owns the guest: locally when that is
/// `cluster.localNode`, otherwise through `ssh` with the argv quoted by ``ShellQuote``. Without cluster
/// settings nothing here runs and the driver is the single-host driver.
extension ProxmoxDriver {
    /// Which tool a guest call uses; the node decides the executable's path.
    enum GuestTool { case pct, qm }

    /// Forgets where guests run, so the next guest operation reads the cluster's resource list again.
    /// The engine calls it when a run starts (one `pvesh` per run); a no-op on a single host.
    public func beginRun() async {
        await router?.startRun()
    }

    /// The node each guest operated on since the run started ran on (empty on a single host).
    public func guestNodes() async -> [Location: String] {
        await router?.routedGuests() ?? [:]
    }

    /// A run starts: guests are located afresh and, in a cluster, the cluster-wide apply lease is taken
    /// (`mkdir /etc/pve/priv/lock/phoenix-gitops` on pmxcfs, retried every half second for at most
    /// `timeout`, as cfs_lock retries) and refreshed until the run releases it: on this node's pmxcfs,
    /// or off-host on the first listed node that answers over SSH. On a single host nothing is held.
    public func beginRun(timeout: Duration) async throws -> (any RunLease)? {
        await beginRun()
        guard let cluster = options.cluster, cluster.holdsLease else { return nil }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        if cluster.localNode == nil { return try await remoteLease(cluster, until: deadline, waited: timeout) }
        let lock = PmxcfsLock(hostRoot: options.hostRoot)
        while true {
            if try lock.tryAcquire() {
                try? lock.refresh()  // its lifetime starts now, not at mkdir's time on a slow pmxcfs
                return PmxcfsLease(lock: lock, interval: cluster.leaseRefresh)
            }
            guard clock.now < deadline else { throw Self.leaseBusy(lock.path, waited: timeout) }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Off-host: the lease on the first node that answers, then retried on that node until `deadline`.
    private func remoteLease(_ cluster: ProxmoxCluster, until deadline: ContinuousClock.Instant, waited: Duration)
        async throws -> any RunLease
    {
        var chosen: RemotePmxcfsLock?
        var failures: [String] = []
        for node in cluster.nodes where chosen == nil {
            let lock = RemotePmxcfsLock(node: node, cluster: cluster, runner: runner)
            do {
                if try await lock.tryAcquire(timeout: options.commandTimeout) {
                    return PmxcfsLease(lock: lock, interval: cluster.leaseRefresh)
                }
                chosen = lock
            } catch let error as DriverError where error.isTransient {
                failures.append(error.description)
            }
        }
        guard let lock = chosen else {
            throw DriverError.nodeUnreachable(
                node: cluster.nodes.map(\.name).joined(separator: ","), location: .host,
                reason: "no node answered to take the apply lease: " + failures.joined(separator: "; "))
        }
        while ContinuousClock().now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            if try await lock.tryAcquire(timeout: options.commandTimeout) {
                return PmxcfsLease(lock: lock, interval: cluster.leaseRefresh)
            }
        }
        throw Self.leaseBusy("\(lock.node.name):\(lock.path)", waited: waited)
    }

    static func leaseBusy(_ path: String, waited: Duration) -> DriverError {
        .leaseBusy(path: path, reason: "it is applying now; this run did not start (waited \(waited)); the next poll tries again")
    }

    /// Runs `tool arguments…` for `guest` on the node that owns it.
    /// - Throws: `nodeUnreachable` (transient) when the owning node is offline or does not answer SSH,
    ///   `guestUnavailable(.missing)` when no node has the guest.
    func guestTool(
        _ kind: GuestTool, _ arguments: [String], guest: Location, stdin: Data?, timeout: Duration? = nil
    ) async throws -> CommandResult {
        guard let cluster = options.cluster, let router else {
            return try await tool([localExecutable(kind)] + arguments, at: guest, stdin: stdin, timeout: timeout)
        }
        var retried = false
        while true {
            let placement = try await router.placement(of: guest) { try await self.readPlacements(cluster) }
            guard let placement else {
                if !retried { retried = true; await router.invalidate(); continue }
                throw DriverError.guestUnavailable(location: guest, state: .missing)
            }
            if placement.status == "unknown" {
                throw DriverError.nodeUnreachable(
                    node: placement.node, location: guest,
                    reason: "the cluster reports no status for the node (offline or not in quorum)")
            }
            let result: CommandResult
            if placement.node == cluster.localNode {
                result = try await tool([localExecutable(kind)] + arguments, at: guest, stdin: stdin, timeout: timeout)
            } else {
                result = try await remote(kind, arguments, guest: guest, node: placement.node, cluster: cluster,
                                          stdin: stdin, timeout: timeout)
            }
            // The node says the guest is not there: it migrated since the list was read. Read it again once.
            if !result.succeeded, Self.mentionsMissingGuest(result), !retried {
                retried = true
                await router.invalidate()
                continue
            }
            await router.noteRouted(guest, to: placement.node)
            return result
        }
    }

    /// `ssh … node -- '<tool>' 'arg'…` with the node's own tool path; ssh's own failures (connection
    /// refused, timed out, host unknown) become `nodeUnreachable`.
    func remote(
        _ kind: GuestTool, _ arguments: [String], guest: Location, node name: String, cluster: ProxmoxCluster,
        stdin: Data?, timeout: Duration?
    ) async throws -> CommandResult {
        guard let node = cluster.node(named: name) else {
            throw DriverError.invalidRequest(
                location: guest, reason: "the guest runs on node \(name), which the cluster settings do not list")
        }
        let executable = kind == .pct ? node.pct : node.qm
        let argv = cluster.sshArgv([executable] + arguments, on: node)
        let result = try await tool(argv, at: guest, stdin: stdin, timeout: timeout)
        try Self.checkTransport(result, node: name, location: guest)
        return result
    }

    /// Runs a host command on `node` (locally when it is this node). Used for `pvesh`.
    func onNode(_ argv: [String], node: ClusterNode, cluster: ProxmoxCluster) async throws -> CommandResult {
        if node.name == cluster.localNode { return try await tool(argv, at: .host, stdin: nil) }
        let result = try await tool(cluster.sshArgv(argv, on: node), at: .host, stdin: nil)
        try Self.checkTransport(result, node: node.name, location: .host)
        return result
    }

    /// `pvesh get /cluster/resources --type vm --output-format json`: on this node when the watcher runs
    /// on one, else on the first listed node that answers (any node of the quorate cluster knows all).
    func readPlacements(_ cluster: ProxmoxCluster) async throws -> [GuestPlacement] {
        var candidates = cluster.nodes
        if let local = cluster.localNode {
            let here = cluster.node(named: local) ?? ClusterNode(name: local, address: "localhost")
            candidates.removeAll { $0.name == local }
            candidates.insert(here, at: 0)
        }
        var failures: [String] = []
        for node in candidates {
            let argv = [node.pvesh, "get", "/cluster/resources", "--type", "vm", "--output-format", "json"]
            do {
                let result = try await onNode(argv, node: node, cluster: cluster)
                guard result.succeeded else {
                    failures.append("\(node.name): pvesh exited \(result.exitCode): \(result.diagnosticTail(maxLines: 2))")
                    continue
                }
                return try GuestPlacement.parse(result.stdout)
            } catch let error as DriverError where error.isTransient {
                failures.append(error.description)
            }
        }
        throw DriverError.nodeUnreachable(
            node: candidates.map(\.name).joined(separator: ","), location: .host,
            reason: "no node answered pvesh get /cluster/resources: " + failures.joined(separator: "; "))
    }

    /// ssh exits 255 with its own message when it cannot reach the node; the remote tool's own exit 255
    /// (pct's "does not exist") carries no such message.
    static func checkTransport(_ result: CommandResult, node: String, location: Location) throws {
        guard result.exitCode == 255 else { return }
        let text = result.stderrText
        let unreachable = [
            "ssh: connect to host", "Connection refused", "Connection timed out", "No route to host",
            "Could not resolve hostname", "Connection closed by", "Connection reset by", "kex_exchange_identification",
            "Network is unreachable",
        ]
        if unreachable.contains(where: text.contains) {
            throw DriverError.nodeUnreachable(node: node, location: location, reason: lastLine(text))
        }
        let refused = ["Host key verification failed", "Permission denied", "REMOTE HOST IDENTIFICATION HAS CHANGED"]
        if refused.contains(where: text.contains) {
            throw DriverError.invalidRequest(
                location: location,
                reason: "ssh to node \(node) refused: \(lastLine(text)) (check the pinned known-hosts file and the key)")
        }
    }

    private static func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    func localExecutable(_ kind: GuestTool) -> String {
        kind == .pct ? options.pct : options.qm
    }
}
