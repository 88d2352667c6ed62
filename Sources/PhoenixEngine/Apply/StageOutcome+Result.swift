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
    /// Per node, in a cluster (empty on a single host).
    var nodes: [NodeReport] = []
    /// What kind of failure, when it failed (nil otherwise).
    var failureKind: FailureKind? = nil
}

extension StageApplyResult.Outcome {
    /// The result recorded for it.
    var kind: StageResultKind {
        switch self {
        case .succeeded: .succeeded
        case .failed: .failed
        case .skipped: .skipped
        case .notRun: .notRun
        }
    }

    /// Why it did not succeed (nil when it did).
    var message: String? {
        switch self {
        case .succeeded: nil
        case .failed(let text), .skipped(let text), .notRun(let text): text
        }
    }
}
