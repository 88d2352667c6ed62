/// What a driver observed about a guest. The host is always `.running`.
///
/// The original `phoenix sync` only checked that `pct status` / `qm status` exited 0, which is also
/// true for stopped guests (phoenix-sync-reference §6 item 4); drivers parse the state instead.
public enum GuestState: Sendable, Hashable, CustomStringConvertible {
    /// The guest exists and runs.
    case running
    /// The guest exists and is stopped (or paused): files cannot be pushed, commands cannot run.
    case stopped
    /// No such guest on this host.
    case missing
    /// The state could not be determined; the reason says why (tool output, never file contents).
    case unknown(String)

    /// "running", "stopped", "missing" or "unknown (<reason>)".
    public var description: String {
        switch self {
        case .running: "running"
        case .stopped: "stopped"
        case .missing: "missing"
        case .unknown(let reason): "unknown (\(reason))"
        }
    }
}
