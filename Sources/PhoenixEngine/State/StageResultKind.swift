/// How a stage ended in a run, as written in state.json and status.json.
public enum StageResultKind: String, Sendable, Hashable, Codable {
    /// Applied (or found already applied) without error.
    case succeeded
    /// The render had errors or the apply failed; the watermark stayed where it was.
    case failed
    /// Planned to run but not run because a dependency failed.
    case skipped
    /// Not planned: nothing it reads changed, or its output is identical to what is applied.
    case upToDate = "up-to-date"
    /// Planned to run, not reached: the run was interrupted (shutdown, or the process died) before it.
    case notRun = "not-run"
    /// Not applicable at the commit: its guest or role does not exist yet (the message says which).
    case notApplicable = "not-applicable"
    /// Planned to run, held for the next run: `apply --stage` selected other stages; its watermark
    /// stays, so the next run plans it again.
    case held
}
