/// What `ConfigLoader.load` produced: the snapshot (when the required files parsed), every file read,
/// and every finding made while reading, parsing and typing.
public struct LoadResult: Sendable {
    /// The typed snapshot, or `nil` when a required file is missing or unparsable.
    public var snapshot: ConfigSnapshot?
    /// Every file read (config files and stack files), by path order.
    public var files: [ConfigFileContent]
    /// Findings from loading (parse errors, wrong types, BOMs, duplicate keys, ...).
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(snapshot: ConfigSnapshot?, files: [ConfigFileContent], diagnostics: [Diagnostic]) {
        self.snapshot = snapshot
        self.files = files
        self.diagnostics = diagnostics
    }

    /// Whether any finding is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
