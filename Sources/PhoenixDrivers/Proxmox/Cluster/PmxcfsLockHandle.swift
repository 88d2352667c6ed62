/// A held pmxcfs lock as ``PmxcfsLease`` refreshes and releases it, locally (``PmxcfsLock``) or through
/// the node that took it over SSH (``RemotePmxcfsLock``). Both calls block their thread: the lease calls
/// them from a thread of its own.
protocol PmxcfsLockHandle: Sendable {
    /// Extends the lock for another lifetime (cfs_lock's `utime 0, now`).
    func refresh() throws
    /// Gives it up (`rmdir`); an already removed lock is not an error.
    func release() throws
}
