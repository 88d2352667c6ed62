import Foundation

/// The shell commands a configuration asks the host to run (`post_renewal_command` of certificate
/// entries), as findings, so a reviewer of a push sees each one (issue #12, H2).
///
/// Against a base configuration (the branch's previous tip, in pre-receive), each command that is new
/// or changed is a warning; without a base, every command is listed as info. The watcher runs one
/// only when the settings allow it (`stages.allowedPostRenewalCommands`, or `verify: head`);
/// docs/adr/0017-repository-commands.md.
public enum RepositoryCommandFindings {
    /// The code of these findings.
    public static let code: DiagnosticCode = "repository-command"

    /// One finding per command of `snapshot` that `base` does not have for the same certificate.
    /// `compared` says whether there was a base at all: a base that could not be loaded (nil while
    /// `compared`) counts as empty, so every command is then new.
    public static func findings(_ snapshot: ConfigSnapshot, base: ConfigSnapshot?, compared: Bool) -> [Diagnostic] {
        var known: Set<String> = []
        for entry in base?.certificates ?? [] {
            if let command = trimmed(entry.postRenewalCommand) { known.insert(key(entry.certPath, command)) }
        }
        var diagnostics: [Diagnostic] = []
        for (index, entry) in snapshot.certificates.enumerated() {
            guard let command = trimmed(entry.postRenewalCommand) else { continue }
            let severity: Severity
            let what: String
            if compared {
                guard !known.contains(key(entry.certPath, command)) else { continue }
                let before = base?.certificates.first { $0.certPath == entry.certPath && trimmed($0.postRenewalCommand) != nil }
                what = before == nil ? "new" : "changed"
                severity = .warning
            } else {
                what = "listed for review"
                severity = .info
            }
            let pointer = entry.origin.pointer.appending("post_renewal_command")
            diagnostics.append(
                Diagnostic(
                    severity: severity, code: code, file: entry.origin.file, pointer: pointer,
                    location: snapshot.location(file: entry.origin.file, pointer: pointer),
                    message: "certificate entry \(index) (\(entry.commonName ?? "?")): post_renewal_command \(what): "
                        + "\(command.debugDescription) runs as root on the host after a renewal, "
                        + "if the watcher's settings allow it (stages.allowedPostRenewalCommands or verify: head)"))
        }
        return diagnostics
    }

    private static func trimmed(_ command: String?) -> String? {
        guard let command else { return nil }
        let text = command.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    private static func key(_ certPath: String?, _ command: String) -> String {
        "\(certPath ?? "")\u{0}\(command)"
    }
}
