/// How a run ended, as written in status.json (`run.result`).
public enum RunResultKind: String, Sendable, Hashable, Codable {
    /// Every stage that had to run succeeded (possibly none had to).
    case succeeded
    /// At least one stage failed; the others were applied (docs/status-format.md).
    case failed
    /// The configuration at the commit has errors; nothing was applied.
    case invalid
    /// The commit's signature did not satisfy the policy; nothing was applied.
    case rejected
    /// The run stopped before its end (shutdown between stages, or the process died).
    case interrupted
    /// The engine itself failed (a git read, the planner); nothing more was applied.
    case error
    /// Still running (only seen in state.json's `in_progress`).
    case running
    /// A drift check found the target different from what was applied (`run.drift`); nothing was
    /// applied by this record (a self-heal re-apply is a run of its own).
    case drifted
    /// An operator suspended reconciliation (`suspend`; trigger `suspend`): a record, nothing applied.
    case suspended
    /// An operator resumed it (`resume`; trigger `resume`): a record, nothing applied.
    case resumed

    /// Whether this counts as success for exit codes.
    public var isSuccess: Bool { self == .succeeded }
}
