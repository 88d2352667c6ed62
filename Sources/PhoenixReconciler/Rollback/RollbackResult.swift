import PhoenixEngine

/// What ``Reconciler/rollback(_:author:id:options:stop:)`` did: the commit it made and pushed, and the run
/// that applied it.
public struct RollbackResult: Sendable {
    /// The rollback commit (nil when the run ended before making it: the lock was busy, reconciliation
    /// is suspended).
    public var made: RollbackCommit?
    /// The run: how applying the commit ended, with its report (its exit status is the command's).
    public var run: RunResult
}
