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
        let plan = try planner.plan(
            repository: request.repository, target: request.target,
            bases: PlanBases(fallback: nil, perStage: request.bases), applied: request.applied,
            includeBaseContents: false)
        let stages = plan.stages.map { stage in
            StageRunPlan(
                stage: stage.id, base: stage.base, decision: stage.decision,
                reasons: (stage.notApplicableReason.map { ["not applicable: \($0)"] } ?? [])
                    + stage.reasons.map(\.summary) + Self.defaultReason(stage, hasReasons: !stage.reasons.isEmpty),
                render: stage.render)
        }
        var changed = Set<String>()
        let composeFolders = request.snapshot.stacks.filter { $0.definedBy != nil }.map(\.path)
        let prefixes = ([request.layout.configPath, request.layout.stacksPath] + composeFolders).filter { !$0.isEmpty }
            .map { $0 + "/" }
        for base in Set(plan.stages.map(\.base)) where base != request.target {
            for path in try request.repository.diff(from: base, to: request.target).changedPaths
            where prefixes.isEmpty || prefixes.contains(where: path.hasPrefix) {
                changed.insert(path)
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
