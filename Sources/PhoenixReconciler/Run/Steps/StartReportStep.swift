import Foundation
import PhoenixEngine

/// The run starts for its target: its report (trigger, source commit, previous commit) is saved as in
/// progress, so a crash from here on is recorded as an interrupted run by the next process.
struct StartReportStep: RunStep {
    var name: String { "start" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let target = try run.requireTarget()
        let report = RunReport(
            id: run.id, watcher: run.configuration.identity, trigger: run.triggers[0], coalesced: Array(run.triggers.dropFirst()),
            startedAt: run.now(), source: try run.source(of: target), previousCommit: run.state.lastTarget)
        run.report = report
        run.state.inProgress = report
        try run.store.save(run.state)
        run.logger.info(
            "run started",
            metadata: ["commit": "\(target.short)", "trigger": "\(report.trigger)", "coalesced": "\(report.coalesced.count)"])
        // A run at a watermark (self-heal, time-driven) re-applies an older commit: it is not announced as
        // a run of that commit (no "pending" commit status); its end is recorded with `movesTarget: false`.
        if run.movesTarget { run.configuration.events.record(.runStarted(id: run.id, commit: target, trigger: report.trigger)) }
        return .next
    }
}
