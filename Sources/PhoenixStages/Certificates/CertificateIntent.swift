import PhoenixDrivers

/// The rendered intent for one certificate manifest entry (the `desiredState` artifact
/// `certificates<cert_path>`): what to request, where the files go, how the guest gets them, and what
/// to run after a renewal. Its digest is the "entry changed since last applied" signal.
struct CertificateIntent: Sendable, Hashable, Codable {
    /// How the guest sees the files.
    struct Delivery: Sendable, Hashable, Codable {
        /// `mounted`: the guest sees the host files through a bind mount / NFS volume; `push`: the
        /// stage copies them into the guest at the same paths.
        enum Mode: String, Sendable, Hashable, Codable {
            case mounted
            case push
        }

        /// The guest.
        var location: Location
        /// Mounted or pushed.
        var mode: Mode
        /// The certificate's path inside the guest.
        var certPath: String
        /// The key's path inside the guest.
        var keyPath: String
        /// Owner of pushed files inside the guest (`user:group`), from the manifest's `owner`.
        var owner: String?

        private enum CodingKeys: String, CodingKey {
            case location, mode, owner
            case certPath = "cert_path"
            case keyPath = "key_path"
        }
    }

    /// Subject CN.
    var commonName: String
    /// Requested SANs, normalised (order in the manifest does not matter).
    var subjectAltNames: SubjectAltNames
    /// Host path of the certificate.
    var certPath: String
    /// Host path of the key.
    var keyPath: String
    /// Octal mode applied to both files after issuing (`0640`), or nil to keep the issuer's.
    var mode: String?
    /// The guest that uses the certificate, if the entry names one that exists.
    var delivery: Delivery?
    /// Shell command run on the host after a renewal (the manifest's `post_renewal_command`).
    var postRenewalCommand: String?
    /// The Step-CA settings of the config (`step_ca`), or nil when it sets none.
    var stepCA: StepCAValues?

    private enum CodingKeys: String, CodingKey {
        case mode, delivery
        case stepCA = "step_ca"
        case commonName = "common_name"
        case subjectAltNames = "subject_alt_names"
        case certPath = "cert_path"
        case keyPath = "key_path"
        case postRenewalCommand = "post_renewal_command"
    }

    /// The mode as permission bits, or nil.
    var modeBits: Int? { mode.flatMap { Int($0, radix: 8) } }

    /// The issuer argv from `template`: in each element, `{cn}`, `{cert}`, `{key}` and the Step-CA
    /// placeholders (`{ca_url}`, `{root}`, `{provisioner}`, `{provisioner_password_file}`, `{not_after}`)
    /// are replaced, each element staying one argument; then `--san <name>` per requested SAN.
    ///
    /// An element whose Step-CA placeholder has no value is dropped, and with it the option name just
    /// before it (an element starting with `-` and holding no placeholder), so `--ca-url {ca_url}`
    /// disappears as a pair when the config has no `ca_url` and step falls back to its own defaults. A
    /// self-contained `--ca-url={ca_url}` is dropped alone. `{not_after}` falls back to
    /// `defaultNotAfter` (`settings.certificateValidity`) when `certificate_validity` is not set.
    func issuerArgv(template: [String], defaultNotAfter: String? = nil) -> [String] {
        let values: [(String, String?)] = [
            ("{cn}", commonName), ("{cert}", certPath), ("{key}", keyPath),
            ("{ca_url}", stepCA?.caURL), ("{root}", stepCA?.root), ("{provisioner}", stepCA?.provisioner),
            ("{provisioner_password_file}", stepCA?.provisionerPasswordFile),
            ("{not_after}", stepCA?.notAfter ?? defaultNotAfter.flatMap { $0.isEmpty ? nil : $0 }),
        ]
        var argv: [String] = []
        var lastIsOptionName = false
        for element in template {
            let present = values.filter { element.contains($0.0) }
            if present.contains(where: { $0.1 == nil }) {
                if !element.hasPrefix("-"), lastIsOptionName { argv.removeLast() }
                lastIsOptionName = false
                continue
            }
            var substituted = element
            for (placeholder, value) in present {
                substituted = substituted.replacingOccurrences(of: placeholder, with: value ?? "")
            }
            argv.append(substituted)
            lastIsOptionName = element.hasPrefix("-") && present.isEmpty
        }
        return argv + subjectAltNames.all.flatMap { ["--san", $0] }
    }
}
