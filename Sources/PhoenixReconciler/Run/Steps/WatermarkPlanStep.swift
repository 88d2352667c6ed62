import PhoenixEngine
import PhoenixPlanner
import PhoenixStages

/// The plan of a run at a watermark (self-heal, time-driven certificates): no change set, `stages` are
/// rendered at the commit they were last applied from and run; the others are listed as up to date with
/// the selection's `otherReason`. Used instead of ``PlanStep`` in ``RunInProgress/watermark``.
struct WatermarkPlanStep: RunStep {
    var name: String { "plan at the watermark" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let commit = try run.requireTarget()
        guard let snapshot = run.snapshot else { throw StepOrderError("plan before validation") }
        guard let selection = run.watermark else { throw StepOrderError("plan at a watermark without its stages") }
        let (stages, reasons, otherReason) = (selection.stages, selection.reasons, selection.otherReason)
        var report = try run.requireReport()
        // One plan type for every run (issue #16): no change set here, so no reasons; the causes are notes.
        let plans = run.configuration.catalogue.stages.map { stage -> StagePlan in
            guard stages.contains(stage.id) else {
                return StagePlan(
                    id: stage.id, summary: stage.summary, base: run.state.stage(stage.id).appliedCommit,
                    decision: .skipUnaffected, reasons: [], comparison: .none, artifacts: [], render: nil,
                    notes: [otherReason])
            }
            let render = stage.render(snapshot, settings: run.settings.stages)
            if let reason = render.notApplicable {
                return StagePlan(
                    id: stage.id, summary: stage.summary, base: commit, decision: .notApplicable, reasons: [],
                    comparison: .none, artifacts: [], render: render, notApplicableReason: reason)
            }
            return StagePlan(
                id: stage.id, summary: stage.summary, base: commit, decision: .run, reasons: [], comparison: .none,
                artifacts: [], render: render, notes: reasons[stage.id] ?? [])
        }
        let plan = Plan(
            from: commit, to: commit, changes: ChangeSet(base: commit, target: commit, files: [], inputs: []),
            stages: plans, notices: [], diagnostics: [])
        let state = run.state
        report.stages = plan.stages.map { stagePlan in
            StageReport(
                stage: stagePlan.id, decision: stagePlan.decision, reasons: stagePlan.explanation,
                baseCommit: stagePlan.base, result: RunInProgress.plannedResult(stagePlan.decision),
                artifacts: stagePlan.render.map { $0.applied.map(ArtifactRecord.init).sorted() }
                    ?? state.stage(stagePlan.id).artifacts)
        }
        run.state.inProgress = report.redacted(using: run.configuration.driver.redactor)
        try run.store.save(run.state)
        run.report = report
        run.plan = plan
        return .next
    }
}
