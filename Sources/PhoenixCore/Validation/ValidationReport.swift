/// Everything `ConfigValidator` found, in report order (file, line, column).
public struct ValidationReport: Sendable {
    /// All findings, sorted by `Diagnostic.reportOrder`.
    public var diagnostics: [Diagnostic]
    /// The loaded snapshot, when the required files parsed (render only when `hasErrors` is false).
    public var snapshot: ConfigSnapshot?

    /// Creates a report (sorting the findings).
    public init(diagnostics: [Diagnostic], snapshot: ConfigSnapshot?) {
        self.diagnostics = diagnostics.sorted(by: Diagnostic.reportOrder)
        self.snapshot = snapshot
    }

    /// Number of errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// Number of warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    /// Whether any finding is an error (the configuration cannot be rendered safely).
    public var hasErrors: Bool { errorCount > 0 }

    /// Findings with `code`.
    public func findings(_ code: DiagnosticCode) -> [Diagnostic] { diagnostics.filter { $0.code == code } }
}
