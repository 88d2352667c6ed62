/// How one stage ended on one node of a Proxmox cluster (its host-level work there, ADR 0047).
public struct StageNodeResult: Sendable, Hashable {
    /// The node ("watcher" for the watcher's own machine off-host).
    public var node: String
    /// How it ended there.
    public var outcome: StageOutcome
    /// The kind of its failure there (nil when it succeeded).
    public var failureKind: FailureKind?

    /// A node's result.
    public init(node: String, outcome: StageOutcome, failureKind: FailureKind? = nil) {
        self.node = node
        self.outcome = outcome
        self.failureKind = failureKind
    }
}
