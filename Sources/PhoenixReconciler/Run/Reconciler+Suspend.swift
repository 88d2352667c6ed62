import Foundation
import Logging
import PhoenixEngine
import PhoenixGit

extension Reconciler {
    /// Suspends reconciliation (`phoenix-gitops suspend`): under the run lock, the state remembers who
    /// and why, and the status branch gets a record of it (trigger `suspend`, result `suspended`), so the
    /// suspension is visible to everyone who reads the repository and survives a lost state folder.
    /// Until ``resume(by:reason:lockTimeout:)``, runs return ``RunOutcome/suspended(_:)`` without
    /// fetching or applying, drift checks report without healing and certificates are not renewed.
    /// Suspending a suspended watcher changes nothing and returns its suspension as it stands.
    public func suspend(by person: String, reason: String, lockTimeout: Duration? = nil) async -> RunResult {
        await GitWorkExecutor.run { await control(.suspend, by: person, reason: reason, lockTimeout: lockTimeout) }
    }

    /// Resumes reconciliation after ``suspend(by:reason:lockTimeout:)`` (recorded like it, result
    /// `resumed`); the next poll, webhook or `apply` reconciles as usual. Resuming a watcher that is
    /// not suspended changes nothing (outcome `idle`).
    public func resume(by person: String, reason: String, lockTimeout: Duration? = nil) async -> RunResult {
        await GitWorkExecutor.run { await control(.resume, by: person, reason: reason, lockTimeout: lockTimeout) }
    }

    private func control(_ kind: RunTrigger.Kind, by person: String, reason: String, lockTimeout: Duration?) async
        -> RunResult
    {
        let id = RunID.make()
        var logger = configuration.logger
        logger[metadataKey: "run_id"] = "\(id)"
        // The watcher's own lock only: a suspension applies nothing, and an operator must be able to suspend
        // while another node's watcher holds the cluster's lease.
        return await underRunLocks(
            timeout: lockTimeout, takesLease: false, logger: logger, refused: { RunResult(id: id, outcome: $0) }
        ) {
            recordControlUnderLock(kind, id: id, by: person, reason: reason, logger: logger)
        }
    }

    private func recordControlUnderLock(
        _ kind: RunTrigger.Kind, id: RunID, by person: String, reason: String, logger: Logger
    ) -> RunResult {
        do {
            let trigger = RunTrigger(kind, detail: reason.isEmpty ? "by \(person)" : "by \(person): \(reason)")
            var run = try RunInProgress(
                reconciler: self, id: id, triggers: [trigger], options: RunOptions(fetch: false), stop: StopSignal(),
                logger: logger)
            try run.recoverInterruptedRun()
            return try run.recordControl(kind, by: person, reason: reason)
        } catch {
            logger.error("\(kind.rawValue) failed: \(error)")
            return RunResult(id: id, outcome: .failedToStart("\(error)"))
        }
    }
}

extension RunInProgress {
    /// Sets or clears the suspension and records it on the status branch.
    mutating func recordControl(_ kind: RunTrigger.Kind, by person: String, reason: String) throws -> RunResult {
        let time = now()
        switch (kind, state.suspension) {
        case (.suspend, let current?):
            return RunResult(id: id, outcome: .suspended(current), published: publishPending(), warnings: warnings)
        case (.resume, nil):
            return RunResult(id: id, outcome: .idle(state.lastTarget), published: publishPending(), warnings: warnings)
        default:
            break
        }
        let source =
            try state.lastTarget.map { try self.source(of: $0) }
            ?? SourceInfo(repository: configuration.endpoint.displayURL, branch: settings.branch)
        var report = RunReport(
            id: id, watcher: configuration.identity, trigger: triggers[0], startedAt: time, source: source,
            previousCommit: state.lastTarget)
        let result: RunResultKind = kind == .suspend ? .suspended : .resumed
        report.result = result
        report.finishedAt = time
        report.durationSeconds = 0
        if kind == .suspend, let inProgress = state.drift?.suspensions, !inProgress.isEmpty {
            report.notices.append("self-heal was already stopped for \(inProgress.map(\.stage.rawValue).joined(separator: ", "))")
        }
        report = report.redacted(using: configuration.driver.redactor)
        state.suspension =
            kind == .suspend
            ? Suspension(
                by: configuration.driver.redactor.text(person), reason: configuration.driver.redactor.text(reason),
                since: time, runID: id)
            : nil
        state.pendingReports.append(report)
        try store.save(state)
        logger.notice(
            "reconciliation \(result.rawValue)", metadata: ["by": "\(person)", "reason": "\(reason)"])
        configuration.events.record(.runFinished(report, previous: state.lastTargetResult, movesTarget: false))
        let published = publishPending()
        return RunResult(
            id: id, outcome: .finished(result), report: report, published: published, warnings: warnings)
    }
}
