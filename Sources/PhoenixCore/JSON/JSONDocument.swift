/// The result of parsing one JSON file: the located value and the issues found on the way.
public struct JSONDocument: Sendable {
    /// The top-level value.
    public let root: JSONValue
    /// Warnings and non-fatal errors (BOM, duplicate keys), in source order.
    public let issues: [JSONParseIssue]
    /// Whether the bytes started with a UTF-8 byte order mark.
    public let hadByteOrderMark: Bool

    /// Creates a document.
    public init(root: JSONValue, issues: [JSONParseIssue], hadByteOrderMark: Bool) {
        self.root = root
        self.issues = issues
        self.hadByteOrderMark = hadByteOrderMark
    }
}
