import PhoenixGit
import PhoenixStages

/// Where each stage is planned from, as the next run plans it (issue #16 item 1: the CLI's `plan` and the
/// reconciler read the state the same way): every stage from its own watermark, compared with the digests
/// it applied; a watermark lost to a rewritten history is no base (the stage is compared by its rendered
/// output) and says so in `notices`; a stage never applied has neither.
public struct StageWatermarks: Sendable {
    /// Each stage's base: its last applied commit, when the repository still has it.
    public var bases: [StageID: ObjectID] = [:]
    /// What each applied stage last applied.
    public var applied: [StageID: [AppliedArtifact]] = [:]
    /// One line per watermark no longer in the repository.
    public var notices: [String] = []

    /// The watermarks of `state` for the stages of `catalogue`; `replanning` are planned as never applied
    /// (`apply --stage`: they render and run even when nothing they read changed).
    public init(state: EngineState, catalogue: StageCatalogue, repository: Repository, replanning: Set<StageID> = []) {
        for stage in catalogue.ids where !replanning.contains(stage) {
            let saved = state.stage(stage)
            guard let commit = saved.appliedCommit else { continue }
            applied[stage] = saved.artifacts.map(\.applied)
            if (try? repository.commit(commit)) != nil {
                bases[stage] = commit
            } else {
                notices.append(
                    "\(stage): its watermark \(commit.short) is no longer in the repository (history rewritten?); "
                        + "planned by comparing rendered output")
            }
        }
    }
}
