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

    public func plan(_ request: PlanRequest) async throws -> Plan {
        var planner = Planner(catalogue: request.catalogue, settings: request.settings, layout: request.layout)
        planner.documents = request.documents
        // The reconciler validated the target already: the planner reuses that (one validation per run).
        return try planner.plan(
            repository: request.repository, target: request.target,
            bases: PlanBases(fallback: nil, perStage: request.bases), applied: request.applied,
            includeBaseContents: false, validated: ValidationReport(diagnostics: [], snapshot: request.snapshot))
    }
}
