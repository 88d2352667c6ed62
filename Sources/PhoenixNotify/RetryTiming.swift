/// How long a delivery waits before its next attempt: exponential backoff from `baseSeconds`, capped at
/// `maxSeconds`; a `Retry-After` answer wins when it asks for longer (up to `maxRetryAfterSeconds`, so a
/// receiver cannot park a delivery for a day).
public struct RetryTiming: Sendable, Hashable {
    /// First delay.
    public var baseSeconds: Double
    /// Longest backoff delay.
    public var maxSeconds: Double
    /// Longest `Retry-After` honoured.
    public var maxRetryAfterSeconds: Double

    /// Creates a timing.
    public init(baseSeconds: Double = 2, maxSeconds: Double = 300, maxRetryAfterSeconds: Double = 900) {
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
    }

    /// The delay before attempt `attempt + 1`, after `attempt` failed attempts (1-based).
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        let backoff = min(maxSeconds, baseSeconds * Double(1 << min(20, max(0, attempt - 1))))
        guard let retryAfter else { return backoff }
        return max(backoff, min(retryAfter, maxRetryAfterSeconds))
    }
}
