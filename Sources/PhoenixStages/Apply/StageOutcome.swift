/// How one stage of a run ended.
public enum StageOutcome: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The apply finished; what it did.
    case succeeded(ApplyReport)
    /// The render had errors, the context could not be made, or the apply threw; the message is
    /// already redacted.
    case failed(String)
    /// Not run, e.g. `dependency failed: swarm`.
    case skipped(String)
    /// Not started because the run stopped before it (``StageRunStopped``), nor are its dependents.
    case notRun(String)

    /// Whether the stage succeeded.
    public var succeeded: Bool {
        if case .succeeded = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .succeeded(let report):
            "succeeded (\(report.written.count) written, \(report.removed.count) removed, \(report.actions.count) actions)"
        case .failed(let message): "failed: \(message)"
        case .skipped(let reason): "skipped(\(reason))"
        case .notRun(let reason): "not run(\(reason))"
        }
    }
}
