import PhoenixPlanner
import PhoenixStages

/// The plan of a run at a watermark (self-heal, time-driven certificates): no change set, `stages` are
/// rendered at the commit they were last applied from and run; the others are listed as up to date with
/// `otherReason`. Used instead of ``PlanStep`` by ``RunInProgress/watermark(_:reasons:otherReason:)``.
struct WatermarkPlanStep: RunStep {
    let stages: Set<StageID>
    let reasons: [StageID: [String]]
    let otherReason: String

    var name: String { "plan at the watermark" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let commit = try run.requireTarget()
        guard let snapshot = run.snapshot else { throw StepOrderError("plan before validation") }
        var report = try run.requireReport()
        let plans = run.configuration.catalogue.stages.map { stage -> StageRunPlan in
            guard stages.contains(stage.id) else {
                return StageRunPlan(
                    stage: stage.id, base: run.state.stage(stage.id).appliedCommit, decision: .skipUnaffected,
                    reasons: [otherReason])
            }
            let render = stage.render(snapshot, settings: run.settings.stages)
            if let reason = render.notApplicable {
                return StageRunPlan(
                    stage: stage.id, base: commit, decision: .notApplicable, reasons: ["not applicable: \(reason)"],
                    render: render)
            }
            return StageRunPlan(stage: stage.id, base: commit, decision: .run, reasons: reasons[stage.id] ?? [], render: render)
        }
        let plan = RunPlan(stages: plans)
        let state = run.state
        report.stages = plan.stages.map { stagePlan in
            StageReport(
                stage: stagePlan.stage, decision: stagePlan.decision, reasons: stagePlan.reasons,
                baseCommit: stagePlan.base, result: RunInProgress.plannedResult(stagePlan.decision),
                artifacts: stagePlan.render.map { $0.applied.map(ArtifactRecord.init).sorted() }
                    ?? state.stage(stagePlan.stage).artifacts)
        }
        run.state.inProgress = report.redacted(using: run.configuration.driver.redactor)
        try run.store.save(run.state)
        run.report = report
        run.plan = plan
        return .next
    }
}
