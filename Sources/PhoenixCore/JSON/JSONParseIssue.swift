/// A problem the parser noticed in a document it could still parse (a BOM, a duplicate key).
public struct JSONParseIssue: Sendable, Hashable {
    /// Whether the issue is an error (the document is ambiguous) or a warning.
    public let severity: Severity
    /// A stable kebab-case id: `utf8-bom`, `duplicate-key`, `duplicate-key-identical`.
    public let code: String
    /// Where the issue is (for a duplicate key: the later occurrence).
    public let location: SourceLocation
    /// The pointer of the affected member (for a duplicate key: the key's pointer).
    public let pointer: JSONPointer
    /// A related location (for a duplicate key: the first occurrence).
    public let relatedLocation: SourceLocation?
    /// A sentence a person can act on.
    public let message: String

    /// Creates an issue.
    public init(
        severity: Severity, code: String, location: SourceLocation, pointer: JSONPointer,
        relatedLocation: SourceLocation? = nil, message: String
    ) {
        self.severity = severity
        self.code = code
        self.location = location
        self.pointer = pointer
        self.relatedLocation = relatedLocation
        self.message = message
    }
}
