import Foundation
import PhoenixEngine

/// How long `watch` waits before the next poll: the interval with ± `jitter` (a fraction) so many
/// watchers do not hit one server in step; after fetch errors, the interval doubles per consecutive
/// error up to `maxBackoffSeconds` (so an unreachable server is not hammered).
public struct PollSchedule: Sendable, Hashable {
    /// The poll interval in seconds.
    public var intervalSeconds: Double
    /// Jitter as a fraction of the delay (0.1 = ±10%).
    public var jitter: Double
    /// The longest delay after fetch errors, in seconds.
    public var maxBackoffSeconds: Double

    /// Creates a schedule.
    public init(intervalSeconds: Double, jitter: Double = 0.1, maxBackoffSeconds: Double = 900) {
        self.intervalSeconds = max(0.001, intervalSeconds)
        self.jitter = min(max(jitter, 0), 0.5)
        self.maxBackoffSeconds = max(self.intervalSeconds, maxBackoffSeconds)
    }

    /// The delay in seconds before the next poll after `fetchFailures` consecutive fetch errors;
    /// `unit` in -1...1 picks the jitter (random in production, fixed in tests).
    public func delay(fetchFailures: Int, unit: Double) -> Double {
        var base = intervalSeconds
        if fetchFailures > 0 {
            base = min(intervalSeconds * pow(2, Double(min(fetchFailures, 30))), maxBackoffSeconds)
        }
        let clamped = min(max(unit, -1), 1)
        return max(0.001, base * (1 + jitter * clamped))
    }
}
