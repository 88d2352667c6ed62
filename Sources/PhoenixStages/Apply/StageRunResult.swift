/// One stage's outcome in a run, with how long it took (zero for a skipped stage).
public struct StageRunResult: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: StageID
    /// How it ended.
    public var outcome: StageOutcome
    /// Wall time of the apply (including obtaining its context).
    public var duration: Duration

    /// Creates a result.
    public init(stage: StageID, outcome: StageOutcome, duration: Duration) {
        self.stage = stage
        self.outcome = outcome
        self.duration = duration
    }
}
