import Foundation

/// The answer to an ``OutboundRequest``.
public struct OutboundResponse: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// Header fields, names lower-cased.
    public var headers: [String: String]
    /// The body (read up to a limit).
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// 2xx.
    public var succeeded: Bool { (200..<300).contains(status) }

    /// Whether trying again later may succeed: 408, 425, 429 and 5xx. Other 4xx (401 bad token, 403, 404
    /// wrong repository, 422 unknown commit) will not change by waiting.
    public var isRetryable: Bool { [408, 425, 429].contains(status) || (500..<600).contains(status) }

    /// `Retry-After` in seconds (delta-seconds or an HTTP date), nil when absent or unreadable.
    public func retryAfter(now: Date = Date()) -> Double? {
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// The first 200 characters of the body on one line, for logs (forge error bodies hold no secrets
    /// of ours: the token is only ever sent in a header).
    public var bodyExcerpt: String {
        let text = String(decoding: body.prefix(400), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return String(text.prefix(200))
    }
}
