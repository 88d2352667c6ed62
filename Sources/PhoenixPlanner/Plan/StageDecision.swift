/// What the plan decided for one stage. The raw values are the `decision` strings of
/// docs/plan-format.md; add new ones, never rename.
public enum StageDecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// Inputs changed and the render differs from what was last applied: the stage runs.
    case run
    /// No input of the stage changed: skipped without rendering.
    case skipUnaffected = "skip-unaffected"
    /// Inputs changed, but the render is byte-identical to what was last applied (or to the base's
    /// render when nothing is recorded): skipped.
    case skipIdenticalOutput = "skip-identical-output"
    /// The stage cannot apply yet: the guest or role it acts on does not exist (a platform under
    /// construction), or a stage it depends on is not applicable. Not a failure; nothing is applied,
    /// and the stage runs once its inputs change (docs/real-data.md).
    case notApplicable = "not-applicable"
}
