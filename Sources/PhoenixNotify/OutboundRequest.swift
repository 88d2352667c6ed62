import Foundation

/// One HTTP request phoenix-gitops sends out: method, absolute URL, headers, and a JSON body built from
/// a Codable value (never assembled by string concatenation).
public struct OutboundRequest: Sendable, Hashable {
    /// `GET`, `POST`, `PATCH`, `PUT`.
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields in order (names as sent).
    public var headers: [Header]
    /// The body (JSON), nil for none.
    public var body: Data?

    /// One header field. `secret` marks a value (a token) that must never be logged.
    public struct Header: Sendable, Hashable {
        /// The field name.
        public var name: String
        /// The value.
        public var value: String
        /// Whether the value is a credential.
        public var secret: Bool

        /// Creates a field.
        public init(_ name: String, _ value: String, secret: Bool = false) {
            self.name = name
            self.value = value
            self.secret = secret
        }
    }

    /// Creates a request.
    public init(method: String, url: String, headers: [Header] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A request whose body is `value` encoded as JSON (keys sorted, so bodies are stable).
    public static func json<Body: Encodable>(
        _ method: String, _ url: String, headers: [Header], body value: Body
    ) throws -> OutboundRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return OutboundRequest(
            method: method, url: url, headers: headers + [Header("Content-Type", "application/json")],
            body: try encoder.encode(value))
    }

    /// `POST https://host/path` for logs: the URL without query or user info, and no header values.
    public var logDescription: String {
        guard var components = URLComponents(string: url) else { return method + " <invalid url>" }
        components.user = nil
        components.password = nil
        components.query = nil
        return "\(method) \(components.scheme ?? "")://\(components.host ?? "")\(components.port.map { ":\($0)" } ?? "")\(components.path)"
    }
}
