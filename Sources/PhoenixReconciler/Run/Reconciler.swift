import Foundation
import Logging
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixStages

/// One reconcile of the config repository onto the target (DESIGN §5):
///
/// ```
/// lock ─► fetch ─► verify ─► validate ─► plan per stage watermark ─► apply in DAG order ─► record ─► status commit ─► push
/// ```
///
/// A `Reconciler` is stateless between calls (everything lives in the state folder), so a process may
/// hold one for its lifetime; ``ReconcileCoordinator`` serialises and coalesces calls within a process,
/// the lock file across processes. ``reconcile(id:triggers:options:stop:)`` never throws: every
/// failure is an outcome.
public final class Reconciler: Sendable {
    /// The configuration.
    public let configuration: ReconcilerConfiguration

    /// A reconciler over `configuration`.
    public init(_ configuration: ReconcilerConfiguration) {
        self.configuration = configuration
    }

    var settings: WatcherSettings { configuration.settings }
    var stateDirectory: URL { settings.stateDirectory }

    /// Runs one reconcile.
    /// - Parameters:
    ///   - id: the run id (appears in logs and the status branch).
    ///   - triggers: what asked for it; the first is the run's trigger, the rest were coalesced.
    ///   - options: fetch, revision, backoff and lock behaviour.
    ///   - stop: set it to finish the stage in progress and stop (graceful shutdown).
    public func reconcile(
        id: RunID = .make(), triggers: [RunTrigger] = [RunTrigger(.manual)], options: RunOptions = RunOptions(),
        stop: StopSignal = StopSignal()
    ) async -> RunResult {
        // Counted here, once per call, whatever the outcome: the coordinator's refusals never reach this.
        let clock = ContinuousClock()
        let start = clock.now
        let result = await GitWorkExecutor.run { await perform(id: id, triggers: triggers, options: options, stop: stop) }
        configuration.metrics.runFinished(result.outcome, after: clock.now - start)
        return result
    }

    private func perform(id: RunID, triggers: [RunTrigger], options: RunOptions, stop: StopSignal) async -> RunResult {
        var logger = configuration.logger
        logger[metadataKey: "run_id"] = "\(id)"
        return await underRunLocks(
            timeout: options.lockTimeout, logger: logger, refused: { RunResult(id: id, outcome: $0) }
        ) {
            do {
                var run = try RunInProgress(
                    reconciler: self, id: id, triggers: triggers, options: options, stop: stop, logger: logger)
                return await run.execute()
            } catch {
                logger.error("run could not start: \(error)")
                return RunResult(id: id, outcome: .failedToStart("\(error)"))
            }
        }
    }

    /// The state of this watcher as saved (nil before the first run), without taking the lock.
    public func savedState() throws -> EngineState? {
        try StateStore(stateDirectory: stateDirectory).load()
    }

    /// The status ledger over the mirror (for `history`, `status`, the server's `/status`).
    public func ledger() throws -> StatusLedger {
        StatusLedger(
            repository: try ConfigMirror(stateDirectory: stateDirectory).open(), endpoint: configuration.endpoint,
            branch: settings.statusBranch, author: configuration.author, attempts: settings.statusPushAttempts)
    }
}
