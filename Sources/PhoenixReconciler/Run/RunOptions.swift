import PhoenixEngine
import PhoenixStages

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
    /// Only these stages (`apply --stage`): each runs even when up to date, every other stage that
    /// should run is held for the next run; nil: the plan decides (docs/adr/0045-operator-controls-in-the-run.md).
    public var stages: Set<StageID>?

    /// Creates options; the defaults are a poll's.
    public init(
        fetch: Bool = true, revision: String? = nil, ignoreBackoff: Bool = false, lockTimeout: Duration? = nil,
        stages: Set<StageID>? = nil
    ) {
        self.fetch = fetch
        self.revision = revision
        self.ignoreBackoff = ignoreBackoff
        self.lockTimeout = lockTimeout
        self.stages = stages
    }

    /// Options that serve both: used when triggers coalesce into one run.
    public func merged(with other: RunOptions) -> RunOptions {
        RunOptions(
            fetch: fetch || other.fetch, revision: other.revision ?? revision,
            ignoreBackoff: ignoreBackoff || other.ignoreBackoff,
            lockTimeout: lockTimeout == nil || other.lockTimeout == nil ? nil : max(lockTimeout ?? .zero, other.lockTimeout ?? .zero),
            // A run for everything serves a run for some stages; two selections serve each other's union.
            stages: stages == nil || other.stages == nil ? nil : stages?.union(other.stages ?? []))
    }
}
