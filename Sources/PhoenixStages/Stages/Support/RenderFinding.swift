import PhoenixCore

/// Builds render diagnostics that point at the config value they are about (file, JSON pointer,
/// line:column), so `plan` and `validate` show where to fix things.
enum RenderFinding {
    /// A diagnostic at `origin` (or at its member `key`), with the member's own line:column when the
    /// snapshot knows it. A synthetic origin (values built in code) gives a diagnostic without a file.
    static func make(
        _ severity: Severity, _ code: DiagnosticCode, at origin: ValueOrigin?, key: String? = nil,
        in snapshot: ConfigSnapshot, _ message: String
    ) -> Diagnostic {
        guard let origin, !origin.file.isEmpty else {
            return Diagnostic(severity: severity, code: code, file: nil, message: message)
        }
        let pointer = key.map { origin.pointer.appending($0) } ?? origin.pointer
        let location = snapshot.location(file: origin.file, pointer: pointer) ?? origin.location
        return Diagnostic(
            severity: severity, code: code, file: origin.file, pointer: pointer, location: location, message: message)
    }

    /// A diagnostic at `pointer` of a config file of the snapshot.
    static func make(
        _ severity: Severity, _ code: DiagnosticCode, file kind: ConfigFileKind, pointer: JSONPointer,
        in snapshot: ConfigSnapshot, _ message: String
    ) -> Diagnostic {
        let path = snapshot.layout.path(of: kind)
        return Diagnostic(
            severity: severity, code: code, file: path, pointer: pointer,
            location: snapshot.location(file: path, pointer: pointer), message: message)
    }
}
