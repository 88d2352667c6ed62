/// One stage's outcome in a run, with how long it took (zero for a skipped stage).
public struct StageRunResult: Sendable, Hashable {
    /// The stage.
    public var stage: StageID
    /// How it ended.
    public var outcome: StageOutcome
    /// Wall time of the apply (including obtaining its context).
    public var duration: Duration
    /// The kind of its failure, or of the failure at the root of its skip (nil when it succeeded).
    public var failureKind: FailureKind?
    /// In a cluster, how it ended on each node its host work ran on (empty on a single host).
    public var nodes: [StageNodeResult]

    /// Creates a result.
    public init(
        stage: StageID, outcome: StageOutcome, duration: Duration, failureKind: FailureKind? = nil,
        nodes: [StageNodeResult] = []
    ) {
        self.stage = stage
        self.outcome = outcome
        self.duration = duration
        self.failureKind = failureKind
        self.nodes = nodes
    }

    /// Wall time in seconds.
    public var durationSeconds: Double {
        duration.inSeconds
    }
}
