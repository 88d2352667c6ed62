public import Foundation

/// A commit's embedded signature (the `gpgsig` header) and the exact bytes it signs.
///
/// Verify with the signer's tool: for SSH signatures `ssh-keygen -Y verify -n git -s <signature> < <payload>`,
/// for OpenPGP `gpgv --keyring K <signature> <payload>`.
public struct CommitSignature: Sendable, Hashable {
    /// The armored signature as stored in the commit (`-----BEGIN SSH SIGNATURE-----` or PGP).
    public let signature: Data
    /// The signed payload: the raw commit object without its signature header.
    public let payload: Data

    /// Creates a value.
    public init(signature: Data, payload: Data) {
        self.signature = signature
        self.payload = payload
    }

    /// The signature format, judged from its armor line.
    public var format: Format {
        let head = String(decoding: signature.prefix(40), as: UTF8.self)
        if head.contains("BEGIN SSH SIGNATURE") { return .ssh }
        if head.contains("BEGIN PGP SIGNATURE") { return .openPGP }
        if head.contains("BEGIN SIGNED MESSAGE") { return .x509 }
        return .unknown
    }

    /// Signature formats git can write.
    public enum Format: String, Sendable, Hashable {
        /// `gpg.format=ssh`.
        case ssh
        /// `gpg.format=openpgp` (the default).
        case openPGP
        /// `gpg.format=x509` (gpgsm).
        case x509
        /// Anything else.
        case unknown
    }
}
