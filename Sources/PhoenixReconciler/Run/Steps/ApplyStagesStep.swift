import PhoenixEngine
/// Applies the planned stages in DAG order, saving state after every stage, then records the run. Held
/// stages (`apply --stage`) keep their watermark, and the tracked commit is not marked handled, so the
/// next run applies them.
struct ApplyStagesStep: RunStep {
    var name: String { "apply stages" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let target = try run.requireTarget()
        guard var applying = run.plan, let snapshot = run.snapshot else {
            throw StepOrderError("apply before plan")
        }
        applying.stages.removeAll { run.selection?.held.contains($0.id) == true }
        let outcome = await run.applyStages(applying, target: target, snapshot: snapshot, report: try run.requireReport())
        run.state = outcome.state
        var report = outcome.report
        if let saveError = outcome.saveError { report.errors.append("state not saved: \(saveError)") }
        let result = report.outcomeOfStages
        let finished = try run.finish(report, as: result, target: target, movesTarget: run.movesTarget && (run.selection?.held.isEmpty ?? true))
        run.reportGauges()
        return .done(finished)
    }
}
