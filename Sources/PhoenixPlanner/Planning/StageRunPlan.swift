import PhoenixGit
import PhoenixStages

/// One stage in a ``RunPlan``: what the reconciler needs to apply it and to record why.
public struct StageRunPlan: Sendable {
    /// The stage.
    public var stage: StageID
    /// The watermark compared against (nil: never applied, or its commit is gone).
    public var base: ObjectID?
    /// Run or skip.
    public var decision: StageDecision
    /// Why, one line per cause.
    public var reasons: [String]
    /// The render at the target (required for `run`; given for `skip-identical-output`).
    public var render: Render?

    /// Creates a stage plan.
    public init(stage: StageID, base: ObjectID?, decision: StageDecision, reasons: [String], render: Render? = nil) {
        self.stage = stage
        self.base = base
        self.decision = decision
        self.reasons = reasons
        self.render = render
    }
}
