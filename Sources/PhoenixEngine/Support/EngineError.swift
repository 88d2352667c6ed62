import PhoenixGit

/// A failure of the reconciler's own machinery (not of a stage): what went wrong, phrased for an
/// operator, never holding a secret (URLs are redacted by PhoenixGit before they get here).
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another process holds the run lock and the caller chose not to wait (or waited too long).
    case lockBusy(path: String, holder: String?, waitedSeconds: Double)
    /// The lock file could not be opened or locked for another reason.
    case lockFailed(path: String, message: String)
    /// The tracked branch could not be fetched.
    case fetchFailed(repository: String, branch: String, message: String)
    /// A git operation on the mirror failed.
    case git(operation: String, message: String)
    /// A revision given by the user does not name a commit.
    case unknownRevision(String, message: String)
    /// The state file could not be read or written.
    case state(path: String, message: String)
    /// The status branch could not be written or pushed.
    case statusBranch(message: String)
    /// A rollback could not be made; nothing was pushed.
    case rollback(message: String)
    /// Settings that cannot work (e.g. `verify: head` without any key).
    case configuration(String)
    /// The embedded or `init` config repository could not be created.
    case repositorySetup(String)

    public var description: String {
        switch self {
        case .lockBusy(let path, let holder, let waited):
            let who = holder.map { " (\($0))" } ?? ""
            let wait = waited > 0 ? " after waiting \(DurationText.format(seconds: waited))" : ""
            return "another phoenix-gitops run\(who) holds the lock \(path)\(wait); try again later or pass a longer --lock-timeout"
        case .lockFailed(let path, let message):
            return "cannot lock \(path): \(message)"
        case .fetchFailed(let repository, let branch, let message):
            return "cannot fetch branch '\(branch)' of \(repository): \(message)"
        case .git(let operation, let message):
            return "\(operation): \(message)"
        case .unknownRevision(let revision, let message):
            return "unknown revision '\(revision)': \(message)"
        case .state(let path, let message):
            return "state \(path): \(message)"
        case .statusBranch(let message):
            return "status branch: \(message)"
        case .rollback(let message):
            return "rollback: \(message)"
        case .configuration(let message):
            return "settings: \(message)"
        case .repositorySetup(let message):
            return "config repository: \(message)"
        }
    }

    /// Wraps a PhoenixGit error with the operation that failed.
    package static func gitFailure(_ operation: String, _ error: GitError) -> EngineError {
        .git(operation: operation, message: error.message)
    }
}
