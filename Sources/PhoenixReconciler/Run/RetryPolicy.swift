import Foundation
import PhoenixEngine

/// When a failed stage is retried on the same commit: `base`, then doubling per consecutive failure,
/// capped at `max` (Argo CD's retry backoff shape). A new commit retries at once regardless.
public struct RetryPolicy: Sendable, Hashable {
    /// The first delay in seconds.
    public var baseSeconds: Double
    /// The longest delay in seconds.
    public var maxSeconds: Double

    /// Creates a policy.
    public init(baseSeconds: Double = 30, maxSeconds: Double = 1800) {
        self.baseSeconds = max(0, baseSeconds)
        self.maxSeconds = max(self.baseSeconds, maxSeconds)
    }

    /// The delay after `failures` consecutive failures (1 = the first failure).
    public func delay(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        let exponent = Double(min(failures - 1, 30))
        return min(baseSeconds * pow(2, exponent), maxSeconds)
    }
}
