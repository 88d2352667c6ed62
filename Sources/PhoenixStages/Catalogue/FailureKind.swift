import PhoenixDrivers

/// What kind of failure ended a stage (or a run), which decides what happens next
/// (docs/adr/0049-failure-kinds.md): the ledger, `status`, `/status`, the metrics and the exit status read it.
public enum FailureKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Retrying later may succeed with nothing changed: a node or guest not reachable or not running,
    /// another watcher's lease, a tool that timed out, the network. Retried with backoff; a command's
    /// exit status is 75 (temporary) when every failure of its run is of this kind.
    case transient
    /// This commit fails the same way every time: its render has errors. Not retried; it waits for a new
    /// commit. (A real tool refusing the rendered output, `dnsmasq --test` or `nginx -t`, is not: it may
    /// depend on the target, e.g. a certificate another stage has yet to issue, so it is a stage failure.)
    case permanent
    /// The apply failed (a command exited non-zero, a file could not be written): retried with backoff,
    /// as every failure was before kinds existed.
    case stage

    /// The kind of a thrown error: the driver's and the stages' own errors say it; anything else is a
    /// stage failure.
    public static func of(_ error: any Error) -> FailureKind {
        switch error {
        case let error as DriverError:
            switch error {
            case .nodeUnreachable, .leaseBusy, .commandTimedOut, .guestUnavailable: return .transient
            default: return .stage
            }
        case let error as StageError:
            switch error {
            case .renderFailed: return .permanent
            case .guestNotReady: return .transient
            case .validationFailed, .failed: return .stage
            }
        case let error as CommandError:
            if case .timedOut = error { return .transient }
            return .stage
        default:
            return .stage
        }
    }

    /// The kind of several failures (the nodes of one stage, the stages of one run): permanent when one
    /// is, transient only when all are, else stage.
    public static func combined(_ kinds: [FailureKind]) -> FailureKind? {
        guard !kinds.isEmpty else { return nil }
        if kinds.contains(.permanent) { return .permanent }
        return kinds.allSatisfy { $0 == .transient } ? .transient : .stage
    }
}
