import Foundation
import PhoenixCore
import PhoenixGit
import PhoenixStages

extension RunInProgress {
    /// A run of `stages` at `commit`, their own watermark (self-heal, time-driven certificates):
    /// the normal apply and recording path, but no fetch and no plan. The stages are rendered at the
    /// commit they were last applied from (never a newer one) and applied; the other stages are listed
    /// as up to date with `otherReason`. The tracked commit is not handled by such a run
    /// (`last_target` stays), and no watermark moves.
    mutating func applyAtWatermark(
        _ stages: Set<StageID>, commit: ObjectID, reasons: [StageID: [String]], otherReason: String
    ) async throws -> RunResult {
        var report = RunReport(
            id: id, watcher: configuration.identity, trigger: triggers[0], coalesced: Array(triggers.dropFirst()),
            startedAt: now(), source: try source(of: commit), previousCommit: state.lastTarget)
        state.inProgress = report
        try store.save(state)
        logger.info(
            "run started",
            metadata: [
                "commit": "\(commit.short)", "trigger": "\(report.trigger)",
                "stages": "\(stages.map(\.rawValue).sorted().joined(separator: ","))",
            ])

        let validation = ConfigValidator.validate(
            source: GitConfigSource(repository: repository, commit: commit, limits: settings.limits),
            layout: settings.layout, limits: settings.limits)
        report.findings = validation.diagnostics.filter { $0.severity != .info }.map(FindingRecord.init)
        guard !validation.hasErrors, let snapshot = validation.snapshot else {
            logger.warning("configuration at \(commit.short) has \(validation.errorCount) error(s); nothing applied")
            return try finish(report, as: .invalid, target: commit, movesTarget: false)
        }
        let plans = configuration.catalogue.stages.map { stage -> StageRunPlan in
            guard stages.contains(stage.id) else {
                return StageRunPlan(
                    stage: stage.id, base: state.stage(stage.id).appliedCommit, decision: .skipUnaffected,
                    reasons: [otherReason])
            }
            let render = stage.render(snapshot, settings: settings.stages)
            if let reason = render.notApplicable {
                return StageRunPlan(
                    stage: stage.id, base: commit, decision: .notApplicable, reasons: ["not applicable: \(reason)"],
                    render: render)
            }
            return StageRunPlan(
                stage: stage.id, base: commit, decision: .run, reasons: reasons[stage.id] ?? [], render: render)
        }
        let plan = RunPlan(stages: plans)
        report.stages = plan.stages.map { stagePlan in
            StageReport(
                stage: stagePlan.stage, decision: stagePlan.decision, reasons: stagePlan.reasons,
                baseCommit: stagePlan.base, result: Self.plannedResult(stagePlan.decision),
                artifacts: stagePlan.render.map { $0.applied.map(ArtifactRecord.init).sorted() }
                    ?? state.stage(stagePlan.stage).artifacts)
        }
        state.inProgress = report.redacted(using: configuration.driver.redactor)
        try store.save(state)

        let outcome = await applyStages(plan, target: commit, snapshot: snapshot, report: report)
        state = outcome.state
        report = outcome.report
        if let saveError = outcome.saveError { report.errors.append("state not saved: \(saveError)") }
        let result = report.outcomeOfStages
        return try finish(report, as: result, target: commit, movesTarget: false)
    }
}
