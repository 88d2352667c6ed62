import Foundation

/// The id of one run: 12 lower-case hex digits, unique enough for a ledger and short enough to quote.
/// It appears in logs (metadata `run`), in status.json and in `runs/*.json`.
public struct RunID: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text.
    public let rawValue: String

    /// An id from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// An id from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// A fresh random id.
    public static func make() -> RunID {
        RunID(String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)))
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
