import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// The planner's safety net: renders every stage at both commits and compares. A stage whose
/// artifacts differ but that the plan does not run is a planner bug (a missed input); a stage that
/// runs although its artifacts are identical is imprecision.
enum RecallGuard {
    /// The outcome for one pair of commits.
    struct Outcome: CustomStringConvertible {
        var parent: ObjectID
        var child: ObjectID
        /// Stages whose renders differ between the two commits.
        var changed: Set<StageID>
        /// Stages the plan runs.
        var run: Set<StageID>
        /// Stages the rules selected (run or skip-identical-output).
        var candidates: Set<StageID>
        /// Changed but not run: must be empty.
        var missed: Set<StageID> { changed.subtracting(run) }
        /// Run but unchanged.
        var needless: Set<StageID> { run.subtracting(changed) }

        var description: String {
            "\(parent.short)..\(child.short): changed \(changed.sorted()), run \(run.sorted()), candidates \(candidates.sorted())"
        }
    }

    /// Plans `child` from `parent` and compares with full renders of both.
    static func check(
        _ repository: Repository, planner: Planner, parent: ObjectID, child: ObjectID
    ) throws -> Outcome {
        let plan = try planner.plan(repository: repository, target: child, bases: PlanBases(fallback: parent))
        let before = try renders(repository, planner: planner, at: parent)
        let after = try renders(repository, planner: planner, at: child)
        let changed = Set(planner.catalogue.ids.filter { before[$0] != after[$0] })
        return Outcome(
            parent: parent, child: child, changed: changed, run: Set(plan.stagesToRun.map(\.id)),
            candidates: Set(plan.stages.filter { $0.decision != .skipUnaffected }.map(\.id)))
    }

    /// Every stage's artifacts at `commit`, as destination → digest.
    static func renders(_ repository: Repository, planner: Planner, at commit: ObjectID) throws -> [StageID: [ArtifactKey: String]] {
        let result = ConfigLoader.load(from: GitConfigSource(repository: repository, commit: commit), layout: planner.layout)
        guard let snapshot = result.snapshot else { throw FixtureError("no snapshot at \(commit.short)") }
        var renders: [StageID: [ArtifactKey: String]] = [:]
        for render in planner.renderAll(snapshot) {
            renders[render.stage] = Dictionary(render.artifacts.map { ($0.key, $0.digest) }, uniquingKeysWith: { $1 })
        }
        return renders
    }
}
