/// A systemd unit as the `systemctl` stand-in tracks it, per location (state/services.json).
public struct StandInUnit: Sendable, Hashable, Codable {
    /// Running (start/restart made it so, stop ended it).
    public var active: Bool
    /// Enabled at boot.
    public var enabled: Bool
    /// Starts of an inactive unit.
    public var starts: Int
    /// Stops of an active unit.
    public var stops: Int
    /// Restarts (restart, try-restart of an active unit, reload-or-restart).
    public var restarts: Int
    /// Reloads of an active unit (a reload of an inactive unit fails, as systemctl's does).
    public var reloads: Int

    /// Creates a unit record.
    public init(active: Bool = false, enabled: Bool = false, starts: Int = 0, stops: Int = 0, restarts: Int = 0, reloads: Int = 0) {
        self.active = active
        self.enabled = enabled
        self.starts = starts
        self.stops = stops
        self.restarts = restarts
        self.reloads = reloads
    }
}
