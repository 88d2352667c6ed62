public import Foundation

/// The facts `GET /readyz` decides from, reported by the reconciler.
public struct Readiness: Sendable, Hashable {
    /// When the last fetch of the config repository finished, nil before the first one.
    public var lastFetchTime: Date?
    /// Whether that fetch succeeded.
    public var lastFetchSucceeded: Bool
    /// Whether the state file (or its rebuild from the status branch) can be read.
    public var stateReadable: Bool
    /// Extra words for an operator (for example the last fetch error, without credentials).
    public var detail: String?

    /// Creates a report.
    public init(lastFetchTime: Date?, lastFetchSucceeded: Bool, stateReadable: Bool, detail: String? = nil) {
        self.lastFetchTime = lastFetchTime
        self.lastFetchSucceeded = lastFetchSucceeded
        self.stateReadable = stateReadable
        self.detail = detail
    }

    /// Why the watcher is not ready at `now`; empty when it is. A fetch older than `maxFetchAge` counts
    /// as stale, so a poller that silently stopped makes the watcher unready.
    public func problems(now: Date, maxFetchAge: Duration) -> [String] {
        var problems: [String] = []
        if !stateReadable { problems.append("state not readable") }
        if let lastFetchTime {
            if !lastFetchSucceeded { problems.append("last fetch failed") }
            let age = now.timeIntervalSince(lastFetchTime)
            let limit = Double(maxFetchAge.components.seconds)
                + Double(maxFetchAge.components.attoseconds) / 1e18
            if age > limit { problems.append("last fetch \(Int(age)) s ago (limit \(Int(limit)) s)") }
        } else {
            problems.append("no fetch yet")
        }
        return problems
    }
}
