import Logging
import PhoenixEngine
import PhoenixGit

extension Reconciler {
    /// Rollback as one run (docs/adr/0053-rollback-is-a-run.md): under the run lock and the cluster lease,
    /// the revert (or restore) commit is made on the branch as just fetched, pushed without force, and
    /// applied by the steps of a reconcile, so nothing else is applied between the commit and its run.
    /// `author` signs the commit (a person's decision); the status commits stay the watcher's.
    ///
    /// - Throws: ``EngineError/rollback(message:)`` (or the fetch's error) when no commit can be made:
    ///   a conflict, nothing to do, a branch that moved, `verify: head`. Nothing was pushed or applied.
    ///   Once the commit is pushed nothing throws: how applying it ended is in the run.
    public func rollback(
        _ request: RollbackRequest, author: Signature? = nil, id: RunID = .make(), options: RunOptions = RunOptions(),
        stop: StopSignal = StopSignal()
    ) async throws -> RollbackResult {
        try Rollback.refuseSignedBranch(settings)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await GitWorkExecutor.run {
            await performRollback(request, author: author, id: id, options: options, stop: stop)
        }
        let rolled = try outcome.get()
        configuration.metrics.runFinished(rolled.run.outcome, after: clock.now - start)
        return rolled
    }

    private func performRollback(
        _ request: RollbackRequest, author: Signature?, id: RunID, options: RunOptions, stop: StopSignal
    ) async -> Result<RollbackResult, any Error> {
        var logger = configuration.logger
        logger[metadataKey: "run_id"] = "\(id)"
        return await underRunLocks(
            timeout: options.lockTimeout, logger: logger,
            refused: { .success(RollbackResult(made: nil, run: RunResult(id: id, outcome: $0))) }
        ) {
            var run: RunInProgress
            do {
                run = try RunInProgress(
                    reconciler: self, id: id, triggers: [RunTrigger(.rollback)], options: options, stop: stop, logger: logger)
            } catch {
                return .failure(error)
            }
            do {
                let result = try await run.perform(RunInProgress.rollback(request, author: author))
                return .success(RollbackResult(made: run.rollback, run: result))
            } catch {
                // Before the commit is pushed an error is the rollback's; after, the commit stands and the
                // run that was to apply it could not finish (the next run applies it).
                guard let made = run.rollback else { return .failure(error) }
                logger.error("run failed: \(error)")
                configuration.events.record(.runAborted(id: id, message: "\(error)"))
                return .success(
                    RollbackResult(made: made, run: RunResult(id: id, outcome: .failedToStart("\(error)"), warnings: run.warnings)))
            }
        }
    }
}
