import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixStages

/// The run's mutable record while stages apply: the state and the report, saved to state.json
/// after every stage, so a process killed between stages loses nothing that was applied.
actor RunRecorder {
    private(set) var state: EngineState
    private(set) var report: RunReport
    private(set) var saveError: String?
    private var latestRetry: Date?
    let store: StateStore
    let target: ObjectID
    let renders: [StageID: Render]
    let retry: RetryPolicy
    let redactor: Redactor
    let now: @Sendable () -> Date

    init(
        state: EngineState, report: RunReport, store: StateStore, target: ObjectID, renders: [StageID: Render],
        retry: RetryPolicy, redactor: Redactor, now: @escaping @Sendable () -> Date
    ) {
        self.state = state
        self.report = report
        self.store = store
        self.target = target
        self.renders = renders
        self.retry = retry
        self.redactor = redactor
        self.now = now
    }

    /// What the stage applied last time (for removing files it no longer renders), and whether this
    /// watcher recorded it itself (false for watermarks rebuilt from the status branch, whose file
    /// lists are never used for removal).
    func previousArtifacts(_ stage: StageID) -> (artifacts: [AppliedArtifact], trusted: Bool) {
        let saved = state.stage(stage)
        return (saved.artifacts.map(\.applied), !saved.artifactsFromLedger)
    }

    /// Records one stage's outcome in the state and the report and saves the state.
    func record(_ result: StageRunResult) {
        let time = now()
        var stage = state.stage(result.stage)
        var entry =
            report.stages.first { $0.stage == result.stage }
            ?? StageReport(stage: result.stage, decision: .run, reasons: [], baseCommit: stage.appliedCommit, result: .notRun)
        entry.durationSeconds = result.durationSeconds
        entry.nodes = result.nodes.isEmpty ? nil : result.nodes.map(NodeReport.init)
        switch result.outcome {
        case .succeeded(let apply):
            let artifacts = (renders[result.stage]?.applied ?? []).map(ArtifactRecord.init).sorted()
            stage.appliedCommit = target
            stage.appliedAt = time
            stage.artifacts = artifacts
            stage.artifactsFromLedger = false
            stage.lastResult = StageLastResult(result: .succeeded, commit: target, runID: report.id.rawValue, at: time)
            stage.consecutiveFailures = 0
            stage.retryAfter = nil
            entry.result = .succeeded
            entry.artifacts = artifacts
            entry.written = apply.written.map(\.description)
            entry.removed = apply.removed.map(\.description)
            entry.actions = apply.actions
            entry.notes = apply.notes
            entry.error = nil
        case .failed(let message):
            stage.consecutiveFailures += 1
            let kind = result.failureKind ?? .stage
            if kind == .permanent {
                // The same commit fails the same way: no retry, it waits for a new commit (ADR 0049).
                stage.retryAfter = nil
            } else {
                let next = time.addingTimeInterval(retry.delay(afterFailures: stage.consecutiveFailures))
                stage.retryAfter = next
                latestRetry = max(latestRetry ?? next, next)
            }
            stage.lastResult = StageLastResult(
                result: .failed, commit: target, runID: report.id.rawValue, at: time, message: message)
            stage.lastResult?.failureKind = kind
            entry.result = .failed
            entry.error = message
            entry.failureKind = kind
        case .skipped(let reason):
            // Skipped for a dependency that failed permanently: it waits for a new commit with it.
            let permanent = result.failureKind == .permanent
            stage.retryAfter = permanent ? nil : latestRetry ?? time.addingTimeInterval(retry.delay(afterFailures: 1))
            stage.lastResult = StageLastResult(
                result: .skipped, commit: target, runID: report.id.rawValue, at: time, message: reason)
            if permanent { stage.lastResult?.failureKind = .permanent }
            entry.result = .skipped
            entry.error = reason
        case .notRun(let reason):
            entry.result = .notRun
            entry.error = reason
        }
        if !result.nodes.isEmpty { stage.lastResult?.nodes = result.nodes.map { NodeReport($0).summary } }
        state.setStage(stage)
        report.update(entry)
        state.inProgress = report.redacted(using: redactor)
        do {
            try store.save(state)
        } catch {
            saveError = "\(error)"
        }
    }
}
