import Foundation
import Logging
import PhoenixEngine
import PhoenixGit

extension RunInProgress {
    /// Ends the run: the report gets its result and is queued for the status branch, the state records
    /// the commit as handled (unless interrupted, or `movesTarget` is false: a re-apply at a stage's
    /// watermark does not handle the tracked commit), then every pending report is published.
    mutating func finish(
        _ report: RunReport, as result: RunResultKind, target: ObjectID, movesTarget: Bool = true
    ) throws -> RunResult {
        var report = report
        let finished = now()
        report.result = result
        report.finishedAt = finished
        report.durationSeconds = max(0, finished.timeIntervalSince(report.startedAt))
        report = report.redacted(using: configuration.driver.redactor)
        let previous = state.lastTargetResult
        if result != .interrupted, movesTarget {
            state.lastTarget = target
            state.lastTargetResult = result
            state.lastTargetRun = report.id
            state.lastTargetProblem = result.isSuccess ? nil : report.firstProblem
        }
        state.inProgress = nil
        state.pendingReports.append(report)
        try store.save(state)
        logger.log(
            level: result.isSuccess ? .info : .warning, "run finished",
            metadata: [
                "result": "\(result.rawValue)", "commit": "\(target.short)",
                "duration": "\(DurationText.format(seconds: report.durationSeconds ?? 0))",
            ])
        configuration.events.record(.runFinished(report, previous: previous, movesTarget: movesTarget))
        configuration.crash.hit("before-publish")
        let published = publishPending()
        return RunResult(
            id: id, outcome: .finished(result), report: report, published: published, warnings: warnings, fetch: fetch)
    }

    /// Pushes every pending report to the status branch; a failure keeps them pending for the next run.
    mutating func publishPending() -> StatusLedger.Published? {
        guard !state.pendingReports.isEmpty else { return nil }
        do {
            let published = try ledger.publish(
                state.pendingReports, entry: LedgerEntry(state, at: now()), logger: logger)
            configuration.crash.hit("after-push")
            let done = Set(published.recorded + published.alreadyPresent)
            state.pendingReports.removeAll { done.contains($0.id) }
            try store.save(state)
            logger.info(
                "status recorded",
                metadata: [
                    "branch": "\(settings.statusBranch)", "tip": "\(published.tip?.short ?? "-")",
                    "runs": "\(published.recorded.count)", "retries": "\(published.retries)",
                ])
            return published
        } catch {
            let message = "status not pushed (\(state.pendingReports.count) run(s) pending, retried next run): \(error)"
            warnings.append(message)
            logger.warning("\(message)")
            return nil
        }
    }
}
