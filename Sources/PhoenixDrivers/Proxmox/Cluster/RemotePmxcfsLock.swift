import Foundation

/// The cluster-wide apply lock taken off-host: the same four cfs_lock operations as ``PmxcfsLock``
/// (pve-cluster `src/PVE/Cluster.pm:606-690`), run over SSH on one node's pmxcfs by a fixed script whose
/// only input is the lock path as `$1`. The node that took the lock refreshes and releases it, since
/// pmxcfs measures a lock's age as the node that holds it sees it (`src/pmxcfs/memdb.c:346`).
struct RemotePmxcfsLock: PmxcfsLockHandle {
    /// The node whose pmxcfs holds the lock.
    let node: ClusterNode
    let cluster: ProxmoxCluster
    let runner: CommandRunner
    /// The lock directory as the node sees it.
    let path: String

    /// Exit statuses of ``script``.
    static let acquired: Int32 = 0, busy: Int32 = 1, offline: Int32 = 3

    /// cfs_lock's loop body: `mkdir <lockdir>` (the folder of locks; "pve cluster filesystem not online"
    /// when it cannot exist), then `mkdir <lock>`; when taken, the unlock request (`touch -d @0`).
    static let script = """
        set -u
        lockdir=$(dirname -- "$1")
        mkdir -- "$lockdir" 2>/dev/null
        [ -d "$lockdir" ] || { echo "pve cluster filesystem not online" >&2; exit 3; }
        mkdir -- "$1" 2>/dev/null && { touch -m -c -- "$1"; exit 0; }
        [ -d "$1" ] || { echo "cannot create $1" >&2; exit 2; }
        touch -c -d @0 -- "$1"
        exit 1
        """

    init(node: ClusterNode, cluster: ProxmoxCluster, runner: CommandRunner, name: String = "phoenix-gitops") {
        self.node = node
        self.cluster = cluster
        self.runner = runner
        path = node.hostPath("/etc/pve/priv/lock/" + name)
    }

    /// One attempt: true when this call created the lock.
    /// - Throws: `nodeUnreachable` (transient) when ssh cannot reach the node or its pmxcfs is not online.
    func tryAcquire(timeout: Duration) async throws -> Bool {
        let argv = cluster.sshArgv(["sh", "-c", Self.script, "phoenix-lock", path], on: node)
        let result: CommandResult
        do {
            result = try await runner.run(argv, timeout: timeout)
        } catch let error as CommandError {
            throw DriverError.nodeUnreachable(node: node.name, location: .host, reason: "\(error)")
        }
        try ProxmoxDriver.checkTransport(result, node: node.name, location: .host)
        switch result.exitCode {
        case Self.acquired: return true
        case Self.busy: return false
        case Self.offline: throw DriverError.nodeUnreachable(node: node.name, location: .host, reason: "pve cluster filesystem not online")
        default:
            throw DriverError.fileSystem(operation: "mkdir", path: path, location: .host, reason: "node \(node.name): \(result.diagnosticTail(maxLines: 2))")
        }
    }

    func refresh() throws {
        try remote(["touch", "-m", "-c", "--", path], operation: "utime")
    }

    func release() throws {
        try remote(["sh", "-c", "rmdir -- \"$1\" 2>/dev/null || [ ! -e \"$1\" ]", "phoenix-unlock", path], operation: "rmdir")
    }

    private func remote(_ argv: [String], operation: String) throws {
        let result = runner.runSynchronously(cluster.sshArgv(argv, on: node), timeout: .seconds(cluster.connectTimeoutSeconds + 10))
        guard let result, result.succeeded else {
            throw DriverError.fileSystem(
                operation: operation, path: path, location: .host,
                reason: "node \(node.name): " + (result.map { $0.diagnosticTail(maxLines: 2) } ?? "ssh did not finish"))
        }
    }
}
