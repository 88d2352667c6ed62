import PhoenixGit
import PhoenixStages

/// The commit each stage is planned from: its own last applied commit when the reconciler knows it,
/// otherwise `fallback` (`--from`, or the target's first parent).
///
/// Per-stage bases are what make a failed stage cheap to retry: its base stays at its old watermark,
/// so the next plan re-selects it from the changes since then, while the stages that succeeded plan
/// from their newer watermark and are not re-run.
public struct PlanBases: Sendable, Hashable {
    /// The base of every stage without its own; nil is the empty tree (everything is new, so every
    /// stage whose inputs exist is selected: a first run).
    public var fallback: ObjectID?
    /// Each stage's own last applied commit.
    public var perStage: [StageID: ObjectID]

    /// Bases from a fallback and per-stage watermarks.
    public init(fallback: ObjectID?, perStage: [StageID: ObjectID] = [:]) {
        self.fallback = fallback
        self.perStage = perStage
    }

    /// The base of `stage`.
    public func base(for stage: StageID) -> ObjectID? {
        perStage[stage] ?? fallback
    }

    /// Every stage planned from the first parent of `target` (nil for a root commit): what `plan`
    /// does when neither `--from` nor a stage state is known.
    public static func firstParent(of target: ObjectID, in repository: Repository) throws(GitError) -> PlanBases {
        PlanBases(fallback: try repository.commit(target).parentIDs.first)
    }
}
