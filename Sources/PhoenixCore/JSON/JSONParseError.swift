/// Why a JSON document could not be parsed, with where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Hashable {
        /// The input is larger than the configured limit; nothing was parsed.
        case tooLarge(size: Int, limit: Int)
        /// The byte at the location is not valid UTF-8.
        case invalidUTF8
        /// The input ends in the middle of a value (truncated file).
        case unexpectedEnd
        /// A character that cannot start or continue a value here.
        case unexpectedCharacter
        /// A malformed number literal.
        case invalidNumber
        /// A bad `\` escape or `\u` sequence in a string.
        case invalidEscape
        /// A raw control character (U+0000–U+001F) inside a string.
        case controlCharacterInString
        /// Arrays/objects nested deeper than the limit.
        case nestingTooDeep(limit: Int)
        /// Something follows the top-level value.
        case trailingContent
        /// No value at all (empty or whitespace-only input).
        case empty
    }

    /// The kind of failure.
    public let kind: Kind
    /// Where it happened (the start of the file for `tooLarge`).
    public let location: SourceLocation
    /// A sentence a person can act on.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, location: SourceLocation, message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    /// A stable kebab-case id for the kind, used as a diagnostic code.
    public var code: String {
        switch kind {
        case .tooLarge: "file-too-large"
        case .invalidUTF8: "invalid-utf8"
        case .nestingTooDeep: "json-nesting-too-deep"
        default: "json-syntax"
        }
    }

    /// `line:column: message`.
    public var description: String { "\(location): \(message)" }
}
