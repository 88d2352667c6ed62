import PhoenixStages
import Foundation

extension PhoenixMetrics {
    /// The `result` label a finished reconcile is counted under in `phoenix_runs_total`: `success` when
    /// every stage that had to run succeeded, `skipped` when there was nothing to do (an idle poll, or
    /// another process held the lock), `failure` for everything else (a failed, invalid, rejected,
    /// interrupted or broken run, a fetch error, a run that could not start).
    public static func result(of outcome: RunOutcome) -> String {
        switch outcome {
        case .idle, .lockBusy, .waiting, .suspended: Result.skipped
        case .finished(let kind): kind.isSuccess ? Result.success : Result.failure
        case .fetchFailed, .failedToStart: Result.failure
        }
    }

    /// The `result` label of one stage's apply in `phoenix_stage_runs_total`.
    package static func result(of stage: StageOutcome) -> String {
        switch stage {
        case .succeeded: Result.success
        case .failed: Result.failure
        case .skipped, .notRun: Result.skipped
        }
    }

    /// Records a run's wall time and result.
    package func runFinished(_ outcome: RunOutcome, after duration: Duration) {
        runFinished(result: Self.result(of: outcome), duration: duration)
    }
}
