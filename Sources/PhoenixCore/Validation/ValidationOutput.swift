/// The JSON shape of `validate --format json` (documented in `docs/validate-format.md`). Every key is
/// always present; unknown values are `null`.
struct ValidationOutput: Encodable {
    struct Summary: Encodable {
        var errors: Int
        var warnings: Int
        var infos: Int
    }

    struct Item: Encodable {
        var severity: String
        var code: String
        var file: String?
        var pointer: String?
        var line: Int?
        var column: Int?
        var message: String

        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.rawValue
            file = diagnostic.file
            pointer = diagnostic.pointer?.description
            line = diagnostic.line
            column = diagnostic.column
            message = diagnostic.message
        }

        enum CodingKeys: String, CodingKey {
            case severity, code, file, pointer, line, column, message
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(severity, forKey: .severity)
            try container.encode(code, forKey: .code)
            try container.encode(file, forKey: .file)
            try container.encode(pointer, forKey: .pointer)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(message, forKey: .message)
        }
    }

    var source: String
    var valid: Bool
    var summary: Summary
    var diagnostics: [Item]
}
