import Foundation

/// One file as read from the source: its bytes and, for JSON files that parsed, its located value.
/// The planner diffs these (bytes for any file, `json` semantically).
public struct ConfigFileContent: Sendable, Hashable {
    /// Repository-relative path.
    public var path: String
    /// Which config file this is (`nil` for stack files).
    public var kind: ConfigFileKind?
    /// The raw bytes.
    public var bytes: Data
    /// The parsed JSON, for `.json` files that parsed.
    public var json: JSONValue?

    /// Creates a file content.
    public init(path: String, kind: ConfigFileKind?, bytes: Data, json: JSONValue?) {
        self.path = path
        self.kind = kind
        self.bytes = bytes
        self.json = json
    }
}
