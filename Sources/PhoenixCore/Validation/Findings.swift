/// Collects validation findings, looking up line:column of each pointer in the file's parsed JSON.
struct Findings {
    let files: [String: ConfigFileContent]
    private(set) var diagnostics: [Diagnostic] = []

    init(files: [String: ConfigFileContent]) {
        self.files = files
    }

    mutating func add(_ severity: Severity, _ code: DiagnosticCode, file: String, pointer: JSONPointer, _ message: String) {
        let location = files[file]?.json?.location(of: pointer)
        diagnostics.append(
            Diagnostic(severity: severity, code: code, file: file, pointer: pointer, location: location, message: message))
    }

    mutating func add(_ severity: Severity, _ code: DiagnosticCode, at origin: ValueOrigin, _ message: String) {
        add(severity, code, file: origin.file, pointer: origin.pointer, message)
    }

    mutating func add(_ severity: Severity, _ code: DiagnosticCode, at origin: ValueOrigin, key: String, _ message: String) {
        add(severity, code, file: origin.file, pointer: origin.pointer.appending(key), message)
    }

    mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// `3:9` for messages that refer to another place, or `?`.
    func position(file: String, pointer: JSONPointer) -> String {
        files[file]?.json.map { $0.location(of: pointer).description } ?? "?"
    }
}
