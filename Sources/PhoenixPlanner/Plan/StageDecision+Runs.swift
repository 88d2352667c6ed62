extension StageDecision {
    /// Whether the stage is applied in the run.
    public var runs: Bool { self == .run }
}
