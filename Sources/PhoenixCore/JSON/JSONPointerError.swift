/// A JSON Pointer text that is not valid RFC 6901.
public struct JSONPointerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that failed to parse.
    public let text: String
    /// Why.
    public let reason: String

    /// `invalid JSON pointer "…": reason`.
    public var description: String { "invalid JSON pointer \"\(text)\": \(reason)" }
}
