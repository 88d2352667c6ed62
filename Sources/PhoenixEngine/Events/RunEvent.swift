import PhoenixGit
import PhoenixStages

/// Something a run or a drift check did that people outside the watcher may want to hear about: the
/// narrow hook through which commit statuses and notifications (PhoenixNotify) learn what happened,
/// without the engine knowing about forges or webhooks.
///
/// Each event is emitted once, where it happens: a run's start and end, new drift (once per distinct
/// drift, not once per check), and a new self-heal suspension. Heals and certificate renewals are runs
/// (trigger `drift` and `time`), so they arrive as ``runFinished(_:previous:movesTarget:)``.
public enum RunEvent: Sendable {
    /// A run started applying `commit` (validation, plan and apply follow).
    case runStarted(id: RunID, commit: ObjectID, trigger: RunTrigger)
    /// A run was recorded. `previous` is how the run before it for the tracked branch ended (nil: none
    /// yet); `movesTarget` is false for re-applies at a stage's watermark (self-heal, certificates).
    case runFinished(RunReport, previous: RunResultKind?, movesTarget: Bool)
    /// A run that had started could not finish or be recorded (an engine error).
    case runAborted(id: RunID, message: String)
    /// A drift check found drift that was not reported before (redacted report).
    case driftDetected(DriftReport)
    /// The anti-flapping guard stopped self-heal for a stage in this drift check.
    case selfHealStopped(HealSuspension, message: String, check: RunID)
    /// A run is about to apply `stage` (progress lines of `apply`, `rollback`, `drift --heal`).
    case stageStarted(id: RunID, stage: StageID)
    /// A run finished applying `stage`: its result and, when it did not succeed, why (redacted).
    case stageFinished(id: RunID, stage: StageID, result: StageResultKind, message: String?, seconds: Double)
    /// A drift check compared `stage` with what it applied: its state and how many objects differ or
    /// could not be checked (progress lines of `drift`).
    case stageChecked(id: RunID, stage: StageID, state: StageDriftStatus, items: Int)
}
