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

    public var description: String {
        switch self {
        case .idle(let commit): "idle (nothing new at \(commit?.short ?? "no commit"))"
        case .finished(let result): result.rawValue
        case .fetchFailed(let message): "fetch failed: \(message)"
        case .lockBusy(let message): message
        case .failedToStart(let message): "could not run: \(message)"
        }
    }

    /// 0 for idle and success, 1 otherwise (DESIGN §1 exit codes).
    public var exitCode: Int32 {
        switch self {
        case .idle: 0
        case .finished(let result): result.isSuccess ? 0 : 1
        case .fetchFailed, .lockBusy, .failedToStart: 1
        }
    }
}
