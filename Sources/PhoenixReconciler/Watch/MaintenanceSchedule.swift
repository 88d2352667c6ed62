import PhoenixEngine
/// The watcher's timers besides polling: the drift check (with or without self-heal) and the
/// time-driven certificates run. A nil interval turns a timer off. Both are first due right after the
/// start-up run (drift may have happened while the watcher was down; a certificate may be due).
public struct MaintenanceSchedule: Sendable, Hashable {
    /// Seconds between drift checks; nil: none.
    public var driftIntervalSeconds: Double?
    /// Whether drift checks re-apply drifted stages.
    public var selfHeal: Bool
    /// Seconds between time-driven certificates runs; nil: none.
    public var certificateIntervalSeconds: Double?

    /// Creates a schedule; intervals of 0 or less are off.
    public init(driftIntervalSeconds: Double?, selfHeal: Bool = false, certificateIntervalSeconds: Double?) {
        self.driftIntervalSeconds = driftIntervalSeconds.flatMap { $0 > 0 ? $0 : nil }
        self.selfHeal = selfHeal
        self.certificateIntervalSeconds = certificateIntervalSeconds.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The schedule of `settings` (`drift_interval_seconds`, `self_heal`, `certificate_interval_seconds`).
    public init(settings: WatcherSettings) {
        self.init(
            driftIntervalSeconds: settings.driftIntervalSeconds, selfHeal: settings.selfHeal,
            certificateIntervalSeconds: settings.certificateIntervalSeconds)
    }

    /// No timers.
    public static let off = MaintenanceSchedule(driftIntervalSeconds: nil, certificateIntervalSeconds: nil)
}
