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

    private enum CodingKeys: String, CodingKey {
        case mode, delivery
        case commonName = "common_name"
        case subjectAltNames = "subject_alt_names"
        case certPath = "cert_path"
        case keyPath = "key_path"
        case postRenewalCommand = "post_renewal_command"
    }

    /// The mode as permission bits, or nil.
    var modeBits: Int? { mode.flatMap { Int($0, radix: 8) } }

    /// The issuer argv: each template element with `{cn}`, `{cert}`, `{key}` replaced (still one
    /// argument each), then `--san <name>` per requested SAN.
    func issuerArgv(template: [String]) -> [String] {
        let substituted = template.map {
            $0.replacingOccurrences(of: "{cn}", with: commonName)
                .replacingOccurrences(of: "{cert}", with: certPath)
                .replacingOccurrences(of: "{key}", with: keyPath)
        }
        return substituted + subjectAltNames.all.flatMap { ["--san", $0] }
    }
}
