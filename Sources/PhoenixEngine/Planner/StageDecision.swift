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
}
