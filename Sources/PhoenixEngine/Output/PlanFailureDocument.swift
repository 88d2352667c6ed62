import Foundation
import PhoenixCore
import PhoenixGit

/// What `plan` prints when the target's configuration is invalid: every finding (the `error` form of
/// docs/plan-format.md; exit status 1).
public struct PlanFailureDocument: Encodable, Sendable {
    /// Always `phoenix-plan`.
    public var format = "phoenix-plan"
    /// The schema version.
    public var version = 1
    /// The commit that could not be planned.
    public var to: String
    /// A one-line summary.
    public var error: String
    /// Every finding (errors first).
    public var diagnostics: [PlanDocument.DiagnosticEntry]

    /// The failure of planning `to`.
    public init(to commit: ObjectID, diagnostics: [Diagnostic]) {
        to = commit.hex
        let sorted = diagnostics.sorted { lhs, rhs in
            lhs.severity != rhs.severity ? lhs.severity < rhs.severity : Diagnostic.reportOrder(lhs, rhs)
        }
        let errors = diagnostics.count { $0.severity == .error }
        error = "the configuration at \(commit.short) has \(errors) error(s); nothing was planned"
        self.diagnostics = sorted.map(PlanDocument.DiagnosticEntry.init)
        findings = sorted
    }

    private var findings: [Diagnostic]

    /// The text form: the summary and one compiler-style line per finding.
    public var text: String {
        error + "\n" + findings.map { "  " + $0.formatted + "\n" }.joined()
    }

    /// Pretty, key-sorted JSON with a final newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    enum CodingKeys: String, CodingKey {
        case format, version, to, error, diagnostics
    }
}
