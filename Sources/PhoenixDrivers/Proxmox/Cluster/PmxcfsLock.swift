import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A cluster-wide lock on pmxcfs, taken the way Proxmox's own `cfs_lock` takes one (pve-cluster 7091d92
/// `src/PVE/Cluster.pm:606-690`, `src/README` "File Locking"): `mkdir /etc/pve/priv/lock/<name>` is atomic
/// across the cluster and succeeds for one node only; a node that finds it taken sends an unlock request
/// (`utime 0, 0`), on which pmxcfs removes the lock once it is older than 120 s as seen by that node
/// (`src/pmxcfs/memdb.c:42` `CFS_LOCK_TIMEOUT`, `:346`); the holder extends its lifetime with `utime 0, now`
/// and releases it with `rmdir`.
///
/// The engine holds it for each run through ``ProxmoxDriver/beginRun(timeout:)`` (``PmxcfsLease``).
public struct PmxcfsLock: PmxcfsLockHandle {
    /// pmxcfs's hard-coded lock lifetime (`CFS_LOCK_TIMEOUT`): a holder must refresh well within it.
    public static let lifetime: Duration = .seconds(120)
    /// `<hostRoot>/etc/pve/priv/lock`.
    public let directory: String
    /// The lock's name (`phoenix-gitops`).
    public let name: String
    /// The lock directory itself.
    public var path: String { directory + "/" + name }

    /// The lock `name` on the pmxcfs mounted under `hostRoot`.
    public init(hostRoot: String, name: String = "phoenix-gitops") {
        let root = hostRoot.hasSuffix("/") ? String(hostRoot.dropLast()) : hostRoot
        directory = root + "/etc/pve/priv/lock"
        self.name = name
    }

    /// One attempt, as one pass of cfs_lock's loop: true when this call created the lock; otherwise the
    /// unlock request is sent (pmxcfs removes a lock older than its lifetime) and false is returned.
    /// - Throws: `nodeUnreachable` (transient) when `/etc/pve/priv/lock` cannot be made: pmxcfs is not online.
    public func tryAcquire() throws -> Bool {
        _ = mkdir(directory, 0o755)
        var status = stat()
        guard stat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw DriverError.nodeUnreachable(node: "local", location: .host, reason: "pve cluster filesystem not online")
        }
        if mkdir(path, 0o755) == 0 { return true }
        let error = errno
        guard error == EEXIST else {
            throw DriverError.fileSystem(operation: "mkdir", path: path, location: .host, reason: String(cString: strerror(error)))
        }
        try setTimes(modified: 0)  // cfs unlock request
        return false
    }

    /// Extends the holder's lease for another lifetime (`utime 0, time()`; only the creating node may).
    public func refresh() throws {
        try setTimes(modified: time(nil))
    }

    /// Releases the lock (`rmdir`); an already removed lock is not an error.
    public func release() throws {
        guard rmdir(path) == 0 || errno == ENOENT else {
            throw DriverError.fileSystem(operation: "rmdir", path: path, location: .host, reason: String(cString: strerror(errno)))
        }
    }

    private func setTimes(modified: time_t) throws {
        var times = utimbuf(actime: 0, modtime: modified)
        guard utime(path, &times) == 0 else {
            let error = errno
            if error == ENOENT { return }  // released meanwhile
            throw DriverError.fileSystem(operation: "utime", path: path, location: .host, reason: String(cString: strerror(error)))
        }
    }
}
