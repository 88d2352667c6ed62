import PhoenixEngine

/// Re-applies what the drift check allowed, one run per watermark commit (each a run of its own, with
/// trigger `drift`, over the steps of a run at a watermark), and writes their results into the drift
/// report. With nothing to heal, only the reports pending are published.
struct SelfHealStep: RunStep {
    var name: String { "self-heal" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        guard var outcome = run.drift, let report = outcome.report else {
            throw StepOrderError("self-heal before the drift check")
        }
        guard !run.heals.isEmpty else {
            _ = run.publishPending()
            outcome.warnings = run.warnings
            run.drift = outcome
            return .next
        }
        for plan in run.heals {
            if run.stop.isRequested { break }
            var logger = run.configuration.logger
            logger[metadataKey: "run_id"] = "\(plan.runID)"
            let names = plan.stages.map(\.rawValue).sorted().joined(separator: ", ")
            let trigger = RunTrigger(.drift, detail: "self-heal of \(names) (drift check \(run.id))")
            var heal = try RunInProgress(
                reconciler: run.reconciler, id: plan.runID, triggers: [trigger], options: RunOptions(fetch: false),
                stop: run.stop, logger: logger)
            let result = try await heal.applyAtWatermark(
                WatermarkSelection(stages: plan.stages, reasons: plan.reasons, otherReason: "not drifted"),
                commit: plan.commit)
            outcome.heals.append(result)
            outcome.warnings += result.warnings
        }
        outcome.report = try run.rememberHeals(outcome.heals, in: report)
        run.drift = outcome
        return .next
    }
}
