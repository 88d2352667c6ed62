/// A planner's answer: one ``StageRunPlan`` per catalogue stage (in DAG order), the changed paths, and
/// notices for the operator.
public struct RunPlan: Sendable {
    /// Per stage, in the catalogue's order.
    public var stages: [StageRunPlan]
    /// Repository paths changed between the watermarks and the target.
    public var changedPaths: [String]
    /// Notices (e.g. "guest 105: create-time keys changed; not applied by sync").
    public var notices: [String]

    /// Creates a plan.
    public init(stages: [StageRunPlan], changedPaths: [String] = [], notices: [String] = []) {
        self.stages = stages
        self.changedPaths = changedPaths
        self.notices = notices
    }

    /// The stages that run.
    public var running: [StageRunPlan] { stages.filter { $0.decision.runs } }
}
