import PhoenixEngine
import PhoenixGit
import PhoenixStages

/// The first step of a time-driven run: the stages that say time can make them due
/// (``Stage/isTimeDriven``: the certificates stage) are checked like drift; when none is due the run ends
/// `idle` and records nothing. Otherwise the due stages at the first one's watermark run (a later tick
/// takes the rest) with trigger `time`, through the steps of a run at a watermark.
struct DueStagesStep: RunStep {
    var name: String { "due stages" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let saved = run.state
        // A suspended watcher renews nothing, and a timer publishes nothing either.
        if let suspension = saved.suspension { return .done(RunResult(id: run.id, outcome: .suspended(suspension))) }
        let configuration = run.configuration
        let timed = configuration.catalogue.stages.filter(\.isTimeDriven).map(\.id).filter { id in
            let stage = saved.stage(id)
            return stage.appliedCommit != nil && (!stage.needsRetry || stage.lastResult?.commit == stage.appliedCommit)
        }
        guard !timed.isEmpty else { return .done(RunResult(id: run.id, outcome: .idle(saved.lastTarget))) }
        let checker = run.driftChecker(now: configuration.now(), log: { _ in })
        let entries = await checker.check(saved, only: Set(timed)).stages.filter { timed.contains($0.stage) }
        let due = entries.filter { !$0.drifted.isEmpty }
        guard let first = due.first, let commit = saved.stage(first.stage).appliedCommit else {
            run.logger.debug("time-driven stages: nothing due")
            return .done(RunResult(id: run.id, outcome: .idle(timed.compactMap { saved.stage($0).appliedCommit }.first)))
        }
        let batch = due.filter { saved.stage($0.stage).appliedCommit == commit }
        let count = batch.map(\.drifted.count).reduce(0, +)
        let names = batch.map(\.stage.rawValue).joined(separator: ", ")
        run.triggers = [RunTrigger(.time, detail: "\(names) due: \(count) item(s)")]
        try run.recoverInterruptedRun()
        var reasons: [StageID: [String]] = [:]
        for entry in batch { reasons[entry.stage] = entry.drifted.map { "due: \($0.key): \($0.message)" } }
        run.atWatermark(
            WatermarkSelection(
                stages: Set(batch.map(\.stage)), reasons: reasons, otherReason: "not part of a time-driven run"),
            commit: commit)
        return .next
    }
}
