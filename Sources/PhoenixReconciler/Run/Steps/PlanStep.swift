import PhoenixCore
import PhoenixEngine
import PhoenixPlanner

/// Plans against each stage's own watermark; the report gets every stage's decision and reasons, stages
/// that need not run are marked handled, and the state is saved before anything is applied.
struct PlanStep: RunStep {
    var name: String { "plan" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let target = try run.requireTarget()
        guard let snapshot = run.snapshot else { throw StepOrderError("plan before validation") }
        var report = try run.requireReport()
        let plan: Plan
        let request = run.planRequest(target: target, snapshot: snapshot, report: &report)
        do {
            plan = try await run.configuration.planner.plan(request)
        } catch PlanError.invalidConfiguration(_, let diagnostics) {
            // E.g. a deleted config file that would remove what it described (DeletedFileChecks).
            report.findings = diagnostics.filter { $0.severity != .info }.map(FindingRecord.init)
            run.logger.warning("configuration at \(target.short) is refused by the planner; nothing applied")
            return .done(try run.finish(report, as: .invalid, target: target, movesTarget: run.movesTarget))
        } catch {
            report.errors.append("planner: \(error)")
            return .done(try run.finish(report, as: .error, target: target, movesTarget: run.movesTarget))
        }
        report.changedPaths = plan.changedPaths
        report.notices += plan.noticeLines
        let catalogue = run.configuration.catalogue
        let selection = run.options.stages.map { StageSelection(selected: $0, plan: plan, catalogue: catalogue) }
        report.stages = plan.stages.map { stagePlan in
            var stageReport = StageReport(
                stage: stagePlan.id, decision: stagePlan.decision, reasons: stagePlan.explanation,
                baseCommit: stagePlan.base, result: RunInProgress.plannedResult(stagePlan.decision),
                artifacts: stagePlan.decision == .notApplicable
                    ? [] : (stagePlan.render?.applied ?? []).map(ArtifactRecord.init).sorted())
            selection?.annotate(&stageReport)
            return stageReport
        }
        for stagePlan in plan.stages where stagePlan.decision == .notApplicable {
            run.configuration.metrics.stageFinished(stage: stagePlan.id.rawValue, result: PhoenixMetrics.Result.notApplicable)
        }
        run.advanceSkippedStages(plan, target: target)
        run.state.inProgress = report.redacted(using: run.configuration.driver.redactor)
        try run.store.save(run.state)
        run.configuration.crash.hit("after-plan")
        run.logger.info(
            "planned",
            metadata: [
                "run_stages": "\(plan.stagesToRun.map(\.id.rawValue).joined(separator: ","))",
                "changed_paths": "\(plan.changedPaths.count)",
            ])
        run.report = report
        run.plan = plan
        run.selection = selection
        return .next
    }
}
