import PhoenixEngine
import PhoenixGit
import PhoenixStages

/// One self-heal re-apply a drift check decided: the stages drifted at one watermark commit, and the
/// id its run will have (named in the drift record before the run starts).
struct HealPlan: Sendable {
    /// The run's id.
    var runID: RunID
    /// The stages' watermark.
    var commit: ObjectID
    /// The stages.
    var stages: Set<StageID>
    /// Per stage, one line per drifted object.
    var reasons: [StageID: [String]]
}
