/// A YAML document that could not be parsed, with the parser's position.
public struct YAMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable kebab-case id: `yaml-syntax`, `invalid-utf8`, `file-too-large` or
    /// `yaml-too-large` (over a ``YAMLBudget``).
    public let code: String
    /// Where the problem is (line and column 1-based), when the parser gives one.
    public let location: SourceLocation?
    /// A sentence a person can act on.
    public let message: String

    /// Creates an error.
    public init(code: String, location: SourceLocation?, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// `line:column: message`.
    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }
}
