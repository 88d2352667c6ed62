/// What the plan decided for one stage.
public enum StageDecision: String, Sendable, Hashable, Codable {
    /// Its inputs changed (or it was never applied, or it failed before) and its output differs: apply it.
    case run
    /// Nothing it reads changed since its watermark.
    case skipUnaffected = "skip-unaffected"
    /// Its inputs changed but the rendered output is byte-identical to what is applied.
    case skipIdenticalOutput = "skip-identical-output"

    /// Whether the stage is applied.
    public var runs: Bool { self == .run }
}
