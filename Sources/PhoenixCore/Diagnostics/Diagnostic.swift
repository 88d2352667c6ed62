/// One finding about the configuration: what, where (file, JSON pointer, line:column) and how bad.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// Error, warning or info.
    public var severity: Severity
    /// Stable kebab-case id of the kind of finding.
    public var code: DiagnosticCode
    /// Repository-relative path of the file (`config/phoenix_lxc_configs.json`), if the finding is about one.
    public var file: String?
    /// The JSON pointer of the value concerned, if any.
    public var pointer: JSONPointer?
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column (Unicode scalars), when known.
    public var column: Int?
    /// A sentence a person can act on. Never contains a secret value.
    public var message: String

    /// Creates a diagnostic.
    public init(
        severity: Severity, code: DiagnosticCode, file: String?, pointer: JSONPointer? = nil,
        location: SourceLocation? = nil, message: String
    ) {
        self.severity = severity
        self.code = code
        self.file = file
        self.pointer = pointer
        self.line = location?.line
        self.column = location?.column
        self.message = message
    }

    /// Compiler style: `file:line:col: error: message [pointer] (code)`; unknown parts and the root pointer
    /// are left out.
    public var formatted: String {
        var text = ""
        if let file {
            text += file
            if let line {
                text += ":\(line)"
                if let column { text += ":\(column)" }
            }
            text += ": "
        }
        text += "\(severity.rawValue): \(message)"
        if let pointer, !pointer.isRoot { text += " [\(pointer)]" }
        text += " (\(code))"
        return text
    }

    /// Orders by file, line, column, then severity and code, for stable reports.
    public static func reportOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        let left = (lhs.file ?? "", lhs.line ?? 0, lhs.column ?? 0)
        let right = (rhs.file ?? "", rhs.line ?? 0, rhs.column ?? 0)
        if left != right { return left < right }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        return lhs.message < rhs.message
    }
}
