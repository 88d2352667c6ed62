import PhoenixStages

/// How one stage's apply ended inside the engine (the runner's outcome, with shutdown told apart).
struct StageApplyResult: Sendable {
    enum Outcome: Sendable {
        case succeeded(ApplyReport)
        case failed(String)
        /// Not run because a dependency failed (message names it).
        case skipped(String)
        /// Not run because the watcher is shutting down.
        case notRun(String)
    }

    var stage: StageID
    var outcome: Outcome
    var durationSeconds: Double
}
