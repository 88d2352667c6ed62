import PhoenixGit

/// How a reconcile ended, at the level a caller (CLI, webhook server, metrics) acts on.
public enum RunOutcome: Sendable, Hashable, CustomStringConvertible {
    /// Nothing new: the commit was already handled and no retry is due. No planning, no status commit.
    case idle(ObjectID?)
    /// A run happened and was recorded; how it ended.
    case finished(RunResultKind)
    /// The config repository could not be fetched; nothing changed.
    case fetchFailed(String)
    /// Another run holds the lock.
    case lockBusy(String)
    /// The engine could not start the run (state, mirror); nothing was applied.
    case failedToStart(String)
    /// Nothing new to do, but the tip is not applied: it was refused (invalid, rejected signature,
    /// engine error) or stages failed at it and wait for their retry. The text says which, and what to
    /// do (docs/adr/0046-a-refused-tip-is-not-applied.md).
    case waiting(ObjectID, String)
    /// An operator suspended reconciliation: nothing was fetched, planned or applied.
    case suspended(Suspension)

    public var description: String {
        switch self {
        case .idle(let commit): "idle (nothing new at \(commit?.short ?? "no commit"))"
        case .finished(let result): result.rawValue
        case .fetchFailed(let message): "fetch failed: \(message)"
        case .lockBusy(let message): message
        case .failedToStart(let message): "could not run: \(message)"
        case .waiting(_, let message): message
        case .suspended(let suspension): "reconciliation is \(suspension.summary); nothing applied (phoenix-gitops resume)"
        }
    }

    /// 0 for idle, success and a suspended watcher (the operator chose it), 75 (`EX_TEMPFAIL`) when
    /// another run held the lock or the fetch failed (try again later), 1 otherwise, a tip that is refused
    /// or waits for a retry included (docs/exit-codes.md).
    public var exitCode: Int32 {
        switch self {
        case .idle, .suspended: 0
        case .finished(let result): result.isSuccess || result == .suspended || result == .resumed ? 0 : 1
        case .lockBusy: ExitStatus.lockBusy
        case .fetchFailed: ExitStatus.temporary
        case .failedToStart, .waiting: 1
        }
    }
}
