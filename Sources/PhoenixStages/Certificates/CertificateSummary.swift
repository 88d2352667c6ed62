import Foundation
import PhoenixCore
import SwiftASN1
import X509

/// What the certificates stage needs to know about an existing certificate: its validity, subject CN
/// and subject alternative names, read with swift-certificates (ADR 0048) without any external tool, so
/// the decision is the same on every driver (the local driver does not run `openssl`).
struct CertificateSummary: Sendable, Hashable {
    /// Start of validity.
    var notBefore: Date
    /// End of validity.
    var notAfter: Date
    /// The subject's common name, if any.
    var commonName: String?
    /// Subject alternative names, normalised.
    var subjectAltNames: SubjectAltNames

    /// Parses the first `CERTIFICATE` block of a PEM file (a chain's leaf comes first).
    static func parse(pem: Data) throws(CertificateParseError) -> CertificateSummary {
        try parse(der: try firstCertificateDER(pem))
    }

    /// Parses a DER-encoded certificate.
    static func parse(der: [UInt8]) throws(CertificateParseError) -> CertificateSummary {
        let certificate: Certificate
        let extensionNames: SubjectAlternativeNames?
        do {
            certificate = try Certificate(derEncoded: der)
            extensionNames = try certificate.extensions.subjectAlternativeNames
        } catch {
            throw .malformed(String(describing: error))
        }
        return CertificateSummary(
            notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter,
            commonName: commonName(certificate.subject),
            subjectAltNames: try subjectAltNames(extensionNames.map(Array.init) ?? []))
    }

    // MARK: - PEM

    /// The DER of the first `CERTIFICATE` document. `Certificate(pemEncoded:)` is not used: it refuses a
    /// file holding more than one document, and `step ca certificate` writes the leaf and its
    /// intermediate into one file.
    private static func firstCertificateDER(_ pem: Data) throws(CertificateParseError) -> [UInt8] {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: String(decoding: pem, as: UTF8.self))
        } catch {
            throw .notPEM
        }
        guard let first = documents.first(where: { $0.discriminator == "CERTIFICATE" }) else { throw .notPEM }
        return first.derBytes
    }

    // MARK: - Fields

    /// The last common name of the subject, as the previous reader took it; nil when there is none or it
    /// is not a text string.
    private static func commonName(_ subject: DistinguishedName) -> String? {
        subject.flatMap { $0 }.last { $0.type == .RDNAttributeType.commonName }.flatMap { String($0.value) }
    }

    private static func subjectAltNames(_ generalNames: [GeneralName]) throws(CertificateParseError)
        -> SubjectAltNames
    {
        var names = SubjectAltNames()
        for name in generalNames {
            switch name {
            case .rfc822Name(let text): names.email.append(text.lowercased())
            case .dnsName(let text): names.dns.append(text.lowercased())
            case .uniformResourceIdentifier(let text): names.uri.append(text)
            case .ipAddress(let octets): names.ip.append(try ipAddress(octets.bytes))
            default: continue  // otherName, directoryName, ...: not requested by the manifest
            }
        }
        names.normalise()
        return names
    }

    private static func ipAddress(_ bytes: ArraySlice<UInt8>) throws(CertificateParseError) -> String {
        switch bytes.count {
        case 4:
            return IPAddress.v4(bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }).description
        case 16:
            return IPAddress.v6(Array(bytes)).description
        default:
            throw .malformed("an IP address SAN of \(bytes.count) bytes")
        }
    }
}
