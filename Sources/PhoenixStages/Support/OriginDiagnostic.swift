import PhoenixCore

/// Builds render diagnostics that point at a model value (file, JSON pointer, line:column).
enum OriginDiagnostic {
    /// A finding at `origin`.
    static func make(_ severity: Severity, _ code: DiagnosticCode, _ origin: ValueOrigin, _ message: String)
        -> Diagnostic
    {
        Diagnostic(
            severity: severity, code: code, file: origin.file.isEmpty ? nil : origin.file, pointer: origin.pointer,
            location: origin.file.isEmpty ? nil : origin.location, message: message)
    }

    /// An error at `origin`.
    static func error(_ code: DiagnosticCode, _ origin: ValueOrigin, _ message: String) -> Diagnostic {
        make(.error, code, origin, message)
    }

    /// A warning at `origin`.
    static func warning(_ code: DiagnosticCode, _ origin: ValueOrigin, _ message: String) -> Diagnostic {
        make(.warning, code, origin, message)
    }

    /// A finding about a file without a more precise place (a stack folder, a compose file).
    static func inFile(_ severity: Severity, _ code: DiagnosticCode, _ file: String, _ message: String) -> Diagnostic {
        Diagnostic(severity: severity, code: code, file: file, message: message)
    }
}
