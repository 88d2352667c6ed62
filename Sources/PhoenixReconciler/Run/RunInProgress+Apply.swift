import Foundation
import Logging
import PhoenixCore
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

extension RunInProgress {
    /// Why stages are not started once the watcher was asked to stop (or state can no longer be saved).
    static let shuttingDown = "the watcher is shutting down"

    /// The result a planned stage starts with in the report.
    static func plannedResult(_ decision: StageDecision) -> StageResultKind {
        switch decision {
        case .run: .notRun
        case .notApplicable: .notApplicable
        case .skipUnaffected, .skipIdenticalOutput: .upToDate
        }
    }

    func source(of target: ObjectID) throws -> SourceInfo {
        var info = SourceInfo(repository: configuration.endpoint.displayURL, branch: settings.branch, commit: target)
        do {
            let commit = try repository.commit(target)
            info.summary = commit.summary
            info.author = "\(commit.author.name) <\(commit.author.email)>"
        } catch {
            throw EngineError.gitFailure("read commit \(target.short)", error)
        }
        return info
    }

    /// The planner's input: watermarks that still exist in the mirror (a commit lost to a force push
    /// becomes "no usable watermark", with a notice) and what each stage applied.
    func planRequest(target: ObjectID, snapshot: ConfigSnapshot, report: inout RunReport) -> PlanRequest {
        let watermarks = StageWatermarks(
            state: state, catalogue: configuration.catalogue, repository: repository, replanning: options.stages ?? [])
        report.notices += watermarks.notices
        return PlanRequest(
            repository: repository, target: target, snapshot: snapshot, layout: settings.layout,
            settings: settings.stages, catalogue: configuration.catalogue, bases: watermarks.bases,
            applied: watermarks.applied, documents: configuration.documents)
    }

    /// Stages the plan skips are up to date at the target: their watermark moves there, and a stage
    /// that failed before and needs nothing now is no longer retried. A not-applicable stage applied
    /// nothing: its watermark stays (a stage never applied keeps none), so every later commit plans it
    /// from there and it runs as soon as it can, even when what made it possible was a dependency's
    /// input (ADR 0012).
    mutating func advanceSkippedStages(_ plan: Plan, target: ObjectID) {
        let time = now()
        for stagePlan in plan.stages where !stagePlan.decision.runs {
            var saved = state.stage(stagePlan.id)
            if stagePlan.decision != .notApplicable {
                saved.appliedCommit = target
                saved.appliedAt = time
            }
            if stagePlan.decision == .skipIdenticalOutput, let render = stagePlan.render {
                saved.artifacts = render.applied.map(ArtifactRecord.init).sorted()
                saved.artifactsFromLedger = false  // the keys are this watcher's own render now
            }
            if stagePlan.decision == .notApplicable {
                // Nothing of it is applied now: when its guest appears, its render is compared with
                // nothing and it runs (ADR 0012). Retries are not due: it did not fail.
                saved.artifacts = []
                saved.lastResult = StageLastResult(
                    result: .notApplicable, commit: target, runID: id.rawValue, at: time, message: stagePlan.explanation.first)
            } else if saved.needsRetry || saved.lastResult == nil {
                saved.lastResult = StageLastResult(
                    result: .upToDate, commit: target, runID: id.rawValue, at: time, message: stagePlan.explanation.first)
            }
            saved.consecutiveFailures = 0
            saved.retryAfter = nil
            state.setStage(saved)
        }
    }

    struct AppliedOutcome {
        var state: EngineState
        var report: RunReport
        var saveError: String?
    }

    func applyStages(_ plan: Plan, target: ObjectID, snapshot: ConfigSnapshot, report: RunReport) async
        -> AppliedOutcome
    {
        let running = plan.stagesToRun
        guard !running.isEmpty else { return AppliedOutcome(state: state, report: report) }
        var renders: [StageID: Render] = [:]
        for stagePlan in running { renders[stagePlan.id] = stagePlan.render }
        let recorder = RunRecorder(
            state: state, report: report, store: store, target: target, renders: renders, retry: configuration.retry,
            redactor: configuration.driver.redactor, now: configuration.now)
        var driver = configuration.driver
        if let limit = configuration.crash.writeLimit {
            driver = CrashingDriver(base: driver, limit: limit, crash: configuration.crash)
        }
        let stageDriver = driver
        let stop = stop
        let crash = configuration.crash
        let stageSettings = settings.stages
        let commandsConsented = settings.verify == .head
        let now = configuration.now
        let logger = logger
        let metrics = configuration.metrics
        var runner = StageRunner(catalogue: configuration.catalogue)
        let watcherSettings = settings
        runner.selection = { watcherSettings.hostSelection(for: $0) }
        let events = configuration.events
        let runID = id
        let redactor = configuration.driver.redactor
        _ = await runner.run(
            Set(running.map(\.id)), renders: renders,
            context: { stage in
                if stop.isRequested { throw StageRunStopped(Self.shuttingDown) }
                if await recorder.saveError != nil { throw StageRunStopped(Self.shuttingDown) }
                crash.hit("before-stage:\(stage.id)")
                events.record(.stageStarted(id: runID, stage: stage.id))
                var stageLogger = logger
                stageLogger[metadataKey: "stage"] = "\(stage.id)"
                let lineLogger = stageLogger
                let previous = await recorder.previousArtifacts(stage.id)
                return StageContext(
                    driver: stageDriver.confined(to: stage.roots(stageSettings)), settings: stageSettings,
                    snapshot: snapshot, previous: previous.artifacts, previousIsTrusted: previous.trusted, now: now(),
                    commandsConsented: commandsConsented, log: { line in lineLogger.info("\(line)") })
            },
            onResult: { result in
                await recorder.record(result)
                events.record(
                    .stageFinished(
                        id: runID, stage: result.stage, result: result.outcome.kind,
                        message: result.outcome.message.map { redactor.text($0) }, seconds: result.durationSeconds))
                metrics.stageFinished(stage: result.stage.rawValue, result: PhoenixMetrics.result(of: result.outcome))
                if let kind = result.failureKind { metrics.stageFailed(stage: result.stage.rawValue, kind: kind.rawValue) }
                switch result.outcome {
                case .succeeded(let apply):
                    logger.info(
                        "stage succeeded",
                        metadata: [
                            "stage": "\(result.stage)", "written": "\(apply.written.count)",
                            "actions": "\(apply.actions.count)",
                        ])
                case .failed(let message):
                    logger.error("stage failed: \(message)", metadata: ["stage": "\(result.stage)"])
                case .skipped(let reason), .notRun(let reason):
                    logger.warning("stage not run: \(reason)", metadata: ["stage": "\(result.stage)"])
                }
                crash.hit("after-stage:\(result.stage)")
            })
        var finalReport = await recorder.report
        let guestNodes = await configuration.driver.guestNodes()
        if !guestNodes.isEmpty {
            finalReport.guestNodes = Dictionary(uniqueKeysWithValues: guestNodes.map { ("\($0.key)", $0.value) })
        }
        return AppliedOutcome(state: await recorder.state, report: finalReport, saveError: await recorder.saveError)
    }
}
