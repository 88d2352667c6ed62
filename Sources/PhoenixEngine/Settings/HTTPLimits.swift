/// Bounds on the watcher's HTTP server (ADR 0021): how long a connection may sit idle or take to send
/// one request, and how many connections are served at once. Settings file: the `http` object.
///
/// Before these existed, 1,100 idle sockets under the common 1,024 descriptor limit stopped webhooks and
/// polling alike ("cannot lock …: Too many open files").
public struct HTTPLimits: Sendable, Hashable, Codable {
    /// Most connections held at once; one accepted past it is closed at once. Kept well under the
    /// descriptor limit (ADR 0021).
    public var maxConnections = 128
    /// A connection that sends nothing for this long between requests is closed, in seconds.
    public var idleTimeoutSeconds: Double = 30
    /// A request's header and body must arrive within this many seconds of the connection opening (or of
    /// the previous response); otherwise the connection is closed. Slow senders ("slowloris") end here.
    public var readTimeoutSeconds: Double = 10

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxConnections = "max_connections", idleTimeoutSeconds = "idle_timeout_seconds"
        case readTimeoutSeconds = "read_timeout_seconds"
    }

    /// The setting names, for "unknown key" messages.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// Decodes, keeping the default of every key left out; refuses values that would switch a bound off.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = HTTPLimits()
        maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections) ?? d.maxConnections
        idleTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .idleTimeoutSeconds) ?? d.idleTimeoutSeconds
        readTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .readTimeoutSeconds) ?? d.readTimeoutSeconds
        guard maxConnections >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .maxConnections, in: c, debugDescription: "must be 1 or more (got \(maxConnections))")
        }
        for (key, value) in [(CodingKeys.idleTimeoutSeconds, idleTimeoutSeconds), (.readTimeoutSeconds, readTimeoutSeconds)]
        where !(value > 0 && value <= 86_400) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "must be more than 0 and at most 86400 seconds (got \(value))")
        }
    }
}
