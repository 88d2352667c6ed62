import PhoenixEngine
import PhoenixStages
/// The result of one reconcile: its outcome, the recorded report (when a run happened), and what
/// was published to the status branch.
public struct RunResult: Sendable, CustomStringConvertible {
    /// The run.
    public var id: RunID
    /// How it ended.
    public var outcome: RunOutcome
    /// The report (nil for idle runs and runs that could not start).
    public var report: RunReport?
    /// The status-branch publish of this call (nil when nothing was pending or the push failed).
    public var published: StatusLedger.Published?
    /// Problems that did not change the outcome (e.g. the status push failed and will be retried).
    public var warnings: [String]
    /// The fetch of this call (nil with `--no-fetch`, or when the run did not get that far).
    public var fetch: FetchReport?

    /// Creates a result.
    public init(
        id: RunID, outcome: RunOutcome, report: RunReport? = nil, published: StatusLedger.Published? = nil,
        warnings: [String] = [], fetch: FetchReport? = nil
    ) {
        self.fetch = fetch
        self.id = id
        self.outcome = outcome
        self.report = report
        self.published = published
        self.warnings = warnings
    }

    /// The outcome's status (docs/exit-codes.md), and 75 (temporary) for a run whose failed stages all
    /// failed transiently (ADR 0049): cron and CI may simply try again.
    public var exitCode: Int32 {
        if case .finished(.failed) = outcome, let report {
            let kinds = report.stages.filter { $0.result == .failed }.map { $0.failureKind ?? .stage }
            if FailureKind.combined(kinds) == .transient { return ExitStatus.temporary }
        }
        return outcome.exitCode
    }

    /// `run 1a2b3c: succeeded`.
    public var description: String { "run \(id): \(outcome)" }
}
