/// How one reconcile runs.
public struct RunOptions: Sendable, Hashable {
    /// Fetch the tracked branch first (`apply --no-fetch` turns it off).
    public var fetch: Bool
    /// Apply this revision instead of the tracked branch's tip (`apply REV`).
    public var revision: String?
    /// Retry failed stages now even if their backoff has not passed, and re-evaluate a commit that
    /// was invalid or refused (an operator's explicit `apply`).
    public var ignoreBackoff: Bool
    /// How long to wait for another run's lock: nil waits as long as it takes, zero not at all.
    public var lockTimeout: Duration?

    /// Creates options; the defaults are a poll's.
    public init(fetch: Bool = true, revision: String? = nil, ignoreBackoff: Bool = false, lockTimeout: Duration? = nil) {
        self.fetch = fetch
        self.revision = revision
        self.ignoreBackoff = ignoreBackoff
        self.lockTimeout = lockTimeout
    }

    /// Options that serve both: used when triggers coalesce into one run.
    public func merged(with other: RunOptions) -> RunOptions {
        RunOptions(
            fetch: fetch || other.fetch, revision: other.revision ?? revision,
            ignoreBackoff: ignoreBackoff || other.ignoreBackoff,
            lockTimeout: lockTimeout == nil || other.lockTimeout == nil ? nil : max(lockTimeout ?? .zero, other.lockTimeout ?? .zero))
    }
}
