import Foundation

extension ValidationReport {
    /// Compiler-style text: one `file:line:col: severity: message [pointer] (code)` line per finding,
    /// then a summary line.
    public func formattedText() -> String {
        var lines = diagnostics.map(\.formatted)
        let infoCount = diagnostics.count { $0.severity == .info }
        var summary = "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")"
        if infoCount > 0 { summary += ", \(infoCount) info" }
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON document described in `docs/validate-format.md`:
    /// `{"source", "valid", "summary": {"errors", "warnings", "infos"}, "diagnostics": [...]}`.
    public func jsonData(source: String) throws -> Data {
        let output = ValidationOutput(
            source: source, valid: !hasErrors,
            summary: .init(errors: errorCount, warnings: warningCount, infos: diagnostics.count { $0.severity == .info }),
            diagnostics: diagnostics.map(ValidationOutput.Item.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(output)
    }
}
