import PhoenixCore

/// One validation finding in a run report: file, JSON pointer, line:column, message.
public struct FindingRecord: Sendable, Hashable, Codable {
    /// `error`, `warning` or `info`.
    public var severity: String
    /// Kebab-case id of the finding.
    public var code: String
    /// Repository-relative file.
    public var file: String?
    /// JSON pointer.
    public var pointer: String?
    /// 1-based line.
    public var line: Int?
    /// 1-based column.
    public var column: Int?
    /// A sentence (never holds a secret value).
    public var message: String

    /// The record of a diagnostic.
    public init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        code = "\(diagnostic.code)"
        file = diagnostic.file
        pointer = diagnostic.pointer.map { "\($0)" }
        line = diagnostic.line
        column = diagnostic.column
        message = diagnostic.message
    }

    /// `file:line:col: severity: message [pointer] (code)`.
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
        text += "\(severity): \(message)"
        if let pointer, !pointer.isEmpty { text += " [\(pointer)]" }
        return text + " (\(code))"
    }
}
