import PhoenixEngine
/// What one drift check did: the report, the self-heal runs it started, and what went wrong.
public struct DriftOutcome: Sendable {
    /// The report (nil when the check could not run: no state yet, the lock, the mirror).
    public var report: DriftReport?
    /// The self-heal re-applies, one run per watermark commit.
    public var heals: [RunResult]
    /// Why there is no report.
    public var failure: String?
    /// Whether the check did not start because another run held the lock (exit 75).
    public var lockBusy = false
    /// Problems that did not change the result (e.g. the status push failed and will be retried).
    public var warnings: [String]

    /// Creates an outcome.
    public init(report: DriftReport?, heals: [RunResult] = [], failure: String? = nil, warnings: [String] = []) {
        self.report = report
        self.heals = heals
        self.failure = failure
        self.warnings = warnings
    }

    /// `phoenix-gitops drift`'s exit status: 0 in sync, 2 drifted, 75 the lock was busy, 1 error (or a
    /// part that could not be checked because a guest or a probe did not answer).
    public var exitCode: Int32 { lockBusy ? ExitStatus.lockBusy : report?.exitCode ?? 1 }
}
