import PhoenixEngine
import PhoenixStages

/// How one drift check runs.
public struct DriftOptions: Sendable, Hashable {
    /// Re-apply drifted stages from their watermark (the `self_heal` setting, or `drift --heal`).
    public var heal: Bool
    /// An operator's explicit heal: re-apply even a stage whose self-heal the anti-flapping guard
    /// stopped (and clear that stop).
    public var force: Bool
    /// Record newly found drift on the status branch.
    public var record: Bool
    /// Check only these stages (nil: all).
    public var only: Set<StageID>?
    /// How long to wait for another run's lock: nil waits as long as it takes, zero not at all.
    public var lockTimeout: Duration?

    /// Creates options; the defaults are the watcher's scheduled check without self-heal.
    public init(
        heal: Bool = false, force: Bool = false, record: Bool = true, only: Set<StageID>? = nil,
        lockTimeout: Duration? = nil
    ) {
        self.heal = heal
        self.force = force
        self.record = record
        self.only = only
        self.lockTimeout = lockTimeout
    }
}
