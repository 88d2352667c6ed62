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
            try await check.complete(RunInProgress.driftCheck(options))
            guard let outcome = check.drift else { throw StepOrderError("the drift check ended without a report") }
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
            guard try savedState() != nil else { return RunResult(id: id, outcome: .idle(nil)) }
            var run = try RunInProgress(
                reconciler: self, id: id, triggers: [RunTrigger(.time)], options: RunOptions(fetch: false), stop: stop,
                logger: logger)
            return try await run.perform(RunInProgress.timeDriven)
        } catch {
            logger.error("time-driven run failed: \(error)")
            return RunResult(id: id, outcome: .failedToStart("\(error)"))
        }
    }
}
