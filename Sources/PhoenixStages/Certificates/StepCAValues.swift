import PhoenixCore
import PhoenixDrivers

/// The Step-CA settings that fill the issuer argv's placeholders, read from the hypervisor's `step_ca`
/// block: `{ca_url}` ← `ca_url`, `{root}` ← `root_ca_path`, `{provisioner}` ← `provisioner_name`,
/// `{provisioner_password_file}` ← `provisioner_password_file`, `{not_after}` ← `certificate_validity`.
///
/// They are part of every certificate intent, so changing the CA, the provisioner or the lifetime
/// re-issues every certificate from the new settings (a certificate from the old CA is not what the
/// config asks for any more). A missing or empty key has no value; see `CertificateIntent.issuerArgv`.
struct StepCAValues: Sendable, Hashable, Codable {
    /// `step_ca.ca_url`.
    var caURL: String?
    /// `step_ca.root_ca_path`.
    var root: String?
    /// `step_ca.provisioner_name`.
    var provisioner: String?
    /// `step_ca.provisioner_password_file` (a host path; the password itself never enters the config).
    var provisionerPasswordFile: String?
    /// `step_ca.certificate_validity`.
    var notAfter: String?

    private enum CodingKeys: String, CodingKey {
        case root
        case caURL = "ca_url"
        case provisioner
        case provisionerPasswordFile = "provisioner_password_file"
        case notAfter = "not_after"
    }

    /// Whether no key has a value.
    var isEmpty: Bool { self == StepCAValues() }

    /// The values of `snapshot`'s `step_ca` block (nil when it has none) and the findings: a value that
    /// starts with `-` or holds control characters (each becomes one argv element and must not be read
    /// as an option), and a `renew_before` that is not a duration.
    ///
    /// The two host files the issuer reads as root are confined too: `root_ca_path` must lie below
    /// `certificateRoots` and `provisioner_password_file` below `hostSecretRoots` (`path-outside-roots`).
    static func read(_ snapshot: ConfigSnapshot, settings: StageSettings = StageSettings()) -> (StepCAValues?, [Diagnostic]) {
        guard let block = snapshot.hypervisor.stepCA else { return (nil, []) }
        var diagnostics: [Diagnostic] = []
        func checked(_ value: String?, _ key: String) -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            guard !value.hasPrefix("-"), !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            else {
                diagnostics.append(
                    error(snapshot, block, key, "step_ca.\(key) \(value.debugDescription) must not start with '-' or hold control characters"))
                return nil
            }
            return value
        }
        var values = StepCAValues()
        values.caURL = checked(block.caURL, "ca_url")
        values.root = checked(block.rootCAPath, "root_ca_path")
        values.provisioner = checked(block.provisionerName, "provisioner_name")
        values.provisionerPasswordFile = checked(block.provisionerPasswordFile, "provisioner_password_file")
        values.notAfter = checked(block.certificateValidity, "certificate_validity")
        for (key, value, roots, setting) in [
            ("root_ca_path", values.root, settings.certificateRoots, "certificateRoots"),
            ("provisioner_password_file", values.provisionerPasswordFile, settings.hostSecretRoots, "hostSecretRoots"),
        ] {
            guard let value, value.hasPrefix("/"),
                !PathRoots(host: roots).host.contains(where: { PathRoots.contains($0, value) && $0 != value })
            else { continue }
            diagnostics.append(
                error(
                    snapshot, block, key,
                    "step_ca.\(key) \(value.debugDescription) is outside the settings' stages.\(setting); the issuer would read it as root",
                    code: .pathOutsideRoots))
        }
        if let text = block.renewBefore?.trimmingCharacters(in: .whitespaces), !text.isEmpty,
            StepDuration.seconds(text) == nil
        {
            diagnostics.append(
                error(snapshot, block, "renew_before", "step_ca.renew_before \(text.debugDescription) is not a duration such as \"8h\" or \"1h30m\""))
        }
        return (values.isEmpty ? nil : values, diagnostics)
    }

    /// `step_ca.renew_before` in seconds, when set and valid.
    static func renewBefore(_ snapshot: ConfigSnapshot) -> (text: String, seconds: Double)? {
        guard let text = snapshot.hypervisor.stepCA?.renewBefore?.trimmingCharacters(in: .whitespaces),
            let seconds = StepDuration.seconds(text)
        else { return nil }
        return (text, seconds)
    }

    /// An error at `step_ca/<key>`, with the key's own line when the file has it.
    private static func error(
        _ snapshot: ConfigSnapshot, _ block: StepCASettings, _ key: String, _ message: String,
        code: DiagnosticCode = .invalidStepCASetting
    ) -> Diagnostic {
        var origin = block.origin.appending(key)
        if let location = snapshot.location(file: origin.file, pointer: origin.pointer) {
            origin = ValueOrigin(file: origin.file, pointer: origin.pointer, location: location)
        }
        return OriginDiagnostic.error(code, origin, message)
    }
}
