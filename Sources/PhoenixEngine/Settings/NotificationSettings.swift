/// Outbound notifications and how they are delivered (`notifications` in the settings file).
public struct NotificationSettings: Sendable, Hashable, Codable {
    /// The receivers.
    public var targets: [NotificationTarget]
    /// Deliveries waiting at most (commit statuses and notifications together); when full, the oldest
    /// waiting delivery is dropped and counted.
    public var queueLimit: Int
    /// Attempts per delivery (the first included) before it is counted as failed.
    public var maxAttempts: Int
    /// Timeout of one HTTP request, in seconds.
    public var timeoutSeconds: Double
    /// First retry delay in seconds (doubles per attempt, capped at 5 minutes; `Retry-After` wins when longer).
    public var retryBaseSeconds: Double

    /// Defaults: no targets, 256 queued, 5 attempts, 10 s per request, 2 s first retry.
    public init(
        targets: [NotificationTarget] = [], queueLimit: Int = 256, maxAttempts: Int = 5, timeoutSeconds: Double = 10,
        retryBaseSeconds: Double = 2
    ) {
        self.targets = targets
        self.queueLimit = queueLimit
        self.maxAttempts = maxAttempts
        self.timeoutSeconds = timeoutSeconds
        self.retryBaseSeconds = retryBaseSeconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case targets
        case queueLimit = "queue_limit", maxAttempts = "max_attempts", timeoutSeconds = "timeout_seconds"
        case retryBaseSeconds = "retry_base_seconds"
    }

    /// Decodes, keeping defaults and rejecting unknown keys and values that cannot work.
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = NotificationSettings()
        targets = try c.decodeIfPresent([NotificationTarget].self, forKey: .targets) ?? []
        queueLimit = try c.decodeIfPresent(Int.self, forKey: .queueLimit) ?? d.queueLimit
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? d.maxAttempts
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? d.timeoutSeconds
        retryBaseSeconds = try c.decodeIfPresent(Double.self, forKey: .retryBaseSeconds) ?? d.retryBaseSeconds
        guard queueLimit >= 1, maxAttempts >= 1, timeoutSeconds > 0, retryBaseSeconds >= 0 else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: c.codingPath,
                    debugDescription: "queue_limit and max_attempts must be at least 1, timeout_seconds more than 0"))
        }
        let names = targets.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw DecodingError.dataCorruptedError(
                forKey: .targets, in: c, debugDescription: "two targets are named \"\(duplicate)\"")
        }
    }
}
