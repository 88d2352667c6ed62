import Foundation

/// Why a certificate is (re)issued. The first applicable reason, in declaration order, is reported.
enum RenewalReason: Sendable, Hashable, CustomStringConvertible {
    /// No file at `cert_path`.
    case missing
    /// The file is not a readable PEM certificate.
    case unreadable(String)
    /// The certificate's CN is not the entry's.
    case commonNameDiffers(expected: String, found: String)
    /// The SANs differ from the entry's (compared per kind, ignoring the CN).
    case subjectAltNamesDiffer(expected: String, found: String)
    /// The certificate ends within the renewal window (or already ended).
    case expiring(notAfter: Date)
    /// The entry's rendered intent differs from the one applied last time.
    case entryChanged

    var description: String {
        switch self {
        case .missing: "certificate file missing"
        case .unreadable(let reason): "existing file unreadable (\(reason))"
        case .commonNameDiffers(let expected, let found): "CN is \(found), expected \(expected)"
        case .subjectAltNamesDiffer(let expected, let found): "SANs are \(found), expected \(expected)"
        case .expiring(let notAfter): "expires \(Self.format(notAfter))"
        case .entryChanged: "manifest entry changed since it was last applied"
        }
    }

    /// Decides whether `intent` needs a new certificate, given the current file (nil when missing).
    static func decide(
        _ intent: CertificateIntent, existing: Data?, now: Date, renewBefore: TimeInterval, entryChanged: Bool
    ) -> RenewalReason? {
        guard let existing else { return .missing }
        let summary: CertificateSummary
        do {
            summary = try CertificateSummary.parse(pem: existing)
        } catch {
            return .unreadable(error.description)
        }
        if let found = summary.commonName, found.lowercased() != intent.commonName.lowercased() {
            return .commonNameDiffers(expected: intent.commonName, found: found)
        }
        let expected = intent.subjectAltNames.removing(intent.commonName)
        let found = summary.subjectAltNames.removing(intent.commonName)
        if expected != found {
            return .subjectAltNamesDiffer(expected: expected.summary, found: found.summary)
        }
        if summary.notAfter.timeIntervalSince(now) < renewBefore {
            return .expiring(notAfter: summary.notAfter)
        }
        return entryChanged ? .entryChanged : nil
    }

    /// `2025-01-02T03:04:05Z`, independent of the machine's locale and zone.
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
