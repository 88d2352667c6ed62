import PhoenixCore
import PhoenixGit
import PhoenixStages

/// The reconciler's planner in production: ``Planner`` (semantic JSON pointers, rule reasons,
/// identical-output skips, notices) behind the ``RunPlanner`` seam.
///
/// Each stage is planned from its own watermark; a stage without one (never applied, or its commit
/// was lost to a rewritten history) is planned from the empty tree and compared with what it applied,
/// so an unchanged output is still skipped. Base renders are not made (the reconciler needs
/// decisions, not diffs).
public struct StandardRunPlanner: RunPlanner {
    /// Creates the planner.
    public init() {}

    public func plan(_ request: PlanRequest) async throws -> RunPlan {
        let planner = Planner(catalogue: request.catalogue, settings: request.settings, layout: request.layout)
        // The reconciler validated the target already: the planner reuses that (one validation per run).
        let plan = try planner.plan(
            repository: request.repository, target: request.target,
            bases: PlanBases(fallback: nil, perStage: request.bases), applied: request.applied,
            includeBaseContents: false, validated: ValidationReport(diagnostics: [], snapshot: request.snapshot))
        let stages = plan.stages.map { stage in
            StageRunPlan(
                stage: stage.id, base: stage.base, decision: stage.decision,
                reasons: (stage.notApplicableReason.map { ["not applicable: \($0)"] } ?? [])
                    + stage.reasons.map(\.summary) + Self.defaultReason(stage, hasReasons: !stage.reasons.isEmpty),
                render: stage.render)
        }
        // The changed paths come from the change sets the plan built (already restricted to the config,
        // stacks and compose folders): the trees are diffed once per base, not again here.
        var changed = Set<String>()
        for base in Set(plan.stages.map(\.base)) where base != request.target {
            for file in plan.changeSets[base]?.files ?? [] {
                changed.insert(file.path)
                if let old = file.oldPath { changed.insert(old) }
            }
        }
        let notices = plan.notices.map { "\($0.kind.rawValue): \($0.message)" }
        return RunPlan(stages: stages, changedPaths: changed.sorted(), notices: notices)
    }

    private static func defaultReason(_ stage: StagePlan, hasReasons: Bool) -> [String] {
        switch stage.decision {
        case .skipUnaffected where hasReasons, .run where hasReasons: []
        case .skipUnaffected:
            stage.base.map { ["nothing it reads changed since \($0.short)"] } ?? ["nothing it reads exists"]
        case .skipIdenticalOutput: ["rendered output identical to what is applied"]
        case .run: ["rendered output differs from what is applied"]
        case .notApplicable: []
        }
    }
}
