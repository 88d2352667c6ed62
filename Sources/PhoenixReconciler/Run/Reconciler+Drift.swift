import Foundation
import Logging
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixStages

extension Reconciler {
    /// Checks the target for drift (docs/drift.md) under the run lock: every stage against what it
    /// last applied, files and observed state. New drift is recorded on the status branch. With
    /// `options.heal`, each drifted stage the anti-flapping guard allows is re-applied from its own
    /// watermark by a run with trigger `drift` (recorded like any run). Never throws: failures are in
    /// the outcome.
    public func checkDrift(
        id: RunID = .make(), options: DriftOptions = DriftOptions(), detail: String? = nil, stop: StopSignal = StopSignal()
    ) async -> DriftOutcome {
        await GitWorkExecutor.run { await performDriftCheck(id: id, options: options, detail: detail, stop: stop) }
    }

    private func performDriftCheck(id: RunID, options: DriftOptions, detail: String?, stop: StopSignal) async -> DriftOutcome {
        var logger = configuration.logger
        logger[metadataKey: "run_id"] = "\(id)"
        // A drift check may heal: it holds the cluster-wide lease like a run.
        return await underRunLocks(
            timeout: options.lockTimeout, logger: logger,
            refused: { outcome in
                var refused = DriftOutcome(report: nil, failure: outcome.description)
                if case .lockBusy = outcome { refused.lockBusy = true }
                return refused
            }
        ) {
            await checkDriftUnderLocks(id: id, options: options, detail: detail, stop: stop, logger: logger)
        }
    }

    private func checkDriftUnderLocks(
        id: RunID, options: DriftOptions, detail: String?, stop: StopSignal, logger: Logger
    ) async -> DriftOutcome {
        do {
            guard try savedState() != nil else {
                return DriftOutcome(
                    report: nil, failure: "no state in \(stateDirectory.path) yet: nothing was applied, so nothing can drift")
            }
            let trigger = RunTrigger(.drift, detail: detail ?? "drift check")
            var check = try RunInProgress(
                reconciler: self, id: id, triggers: [trigger], options: RunOptions(fetch: false), stop: stop, logger: logger)
            try check.recoverInterruptedRun()
            let (report, plans) = try await check.checkDrift(options)
            var outcome = DriftOutcome(report: report)
            guard !plans.isEmpty else {
                _ = check.publishPending()
                outcome.warnings = check.warnings
                return outcome
            }
            for plan in plans {
                if stop.isRequested { break }
                var healLogger = configuration.logger
                healLogger[metadataKey: "run_id"] = "\(plan.runID)"
                let names = plan.stages.map(\.rawValue).sorted().joined(separator: ", ")
                let healTrigger = RunTrigger(.drift, detail: "self-heal of \(names) (drift check \(id))")
                var heal = try RunInProgress(
                    reconciler: self, id: plan.runID, triggers: [healTrigger], options: RunOptions(fetch: false), stop: stop,
                    logger: healLogger)
                let result = try await heal.applyAtWatermark(
                    plan.stages, commit: plan.commit, reasons: plan.reasons, otherReason: "not drifted")
                outcome.heals.append(result)
                outcome.warnings += result.warnings
            }
            outcome.report = try check.rememberHeals(outcome.heals, in: report)
            return outcome
        } catch {
            logger.error("drift check failed: \(error)")
            return DriftOutcome(report: nil, failure: "\(error)")
        }
    }

    /// The time-driven run: when an entry of a time-driven stage (``Stage/isTimeDriven``: the certificates
    /// stage, whose entries are due when missing, expiring within the renewal window at `now`, with another
    /// CN or SANs, or a guest copy that differs) is due, the due stages run alone at their own watermark
    /// with trigger `time` and are recorded; when none is due, nothing runs or is recorded (outcome
    /// `idle`). Never throws.
    public func renewCertificates(id: RunID = .make(), lockTimeout: Duration? = nil, stop: StopSignal = StopSignal()) async
        -> RunResult
    {
        await GitWorkExecutor.run { await performRenewal(id: id, lockTimeout: lockTimeout, stop: stop) }
    }

    private func performRenewal(id: RunID, lockTimeout: Duration?, stop: StopSignal) async -> RunResult {
        var logger = configuration.logger
        logger[metadataKey: "run_id"] = "\(id)"
        return await underRunLocks(timeout: lockTimeout, logger: logger, refused: { RunResult(id: id, outcome: $0) }) {
            await renewUnderLocks(id: id, stop: stop, logger: logger)
        }
    }

    private func renewUnderLocks(id: RunID, stop: StopSignal, logger: Logger) async -> RunResult {
        do {
            guard let saved = try savedState() else { return RunResult(id: id, outcome: .idle(nil)) }
            if let suspension = saved.suspension { return RunResult(id: id, outcome: .suspended(suspension)) }
            // The stages that say time can make them due (``Stage/isTimeDriven``), checked like drift.
            let timed = configuration.catalogue.stages.filter(\.isTimeDriven).map(\.id).filter { id in
                let stage = saved.stage(id)
                return stage.appliedCommit != nil && (!stage.needsRetry || stage.lastResult?.commit == stage.appliedCommit)
            }
            guard !timed.isEmpty else { return RunResult(id: id, outcome: .idle(saved.lastTarget)) }
            var checker = DriftChecker(
                repository: try ConfigMirror(stateDirectory: stateDirectory).open(), catalogue: configuration.catalogue,
                settings: settings.stages, layout: settings.layout, driver: configuration.driver, now: configuration.now(),
                log: { _ in })
            let watcherSettings = settings
            checker.selection = { watcherSettings.hostSelection(for: $0) }
            let entries = await checker.check(saved, only: Set(timed)).stages.filter { timed.contains($0.stage) }
            let due = entries.filter { !$0.drifted.isEmpty }
            // One run per watermark: the due stages at the first one's commit (a later tick takes the rest).
            guard let first = due.first, let commit = saved.stage(first.stage).appliedCommit else {
                logger.debug("time-driven stages: nothing due")
                return RunResult(id: id, outcome: .idle(timed.compactMap { saved.stage($0).appliedCommit }.first))
            }
            let batch = due.filter { saved.stage($0.stage).appliedCommit == commit }
            let count = batch.map(\.drifted.count).reduce(0, +)
            let names = batch.map(\.stage.rawValue).joined(separator: ", ")
            let trigger = RunTrigger(.time, detail: "\(names) due: \(count) item(s)")
            var run = try RunInProgress(
                reconciler: self, id: id, triggers: [trigger], options: RunOptions(fetch: false), stop: stop, logger: logger)
            try run.recoverInterruptedRun()
            var reasons: [StageID: [String]] = [:]
            for entry in batch { reasons[entry.stage] = entry.drifted.map { "due: \($0.key): \($0.message)" } }
            return try await run.applyAtWatermark(
                Set(batch.map(\.stage)), commit: commit, reasons: reasons, otherReason: "not part of a time-driven run")
        } catch {
            logger.error("time-driven run failed: \(error)")
            return RunResult(id: id, outcome: .failedToStart("\(error)"))
        }
    }
}
