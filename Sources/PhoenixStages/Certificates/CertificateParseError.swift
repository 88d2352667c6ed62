/// Why an existing certificate file could not be read; the stage then renews it.
enum CertificateParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `-----BEGIN CERTIFICATE-----` block, or its base64 does not decode.
    case notPEM
    /// The DER inside is not an X.509 certificate this reader understands.
    case malformed(String)

    var description: String {
        switch self {
        case .notPEM: "not a PEM certificate"
        case .malformed(let reason): "malformed certificate: \(reason)"
        }
    }
}
