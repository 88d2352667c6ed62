import Foundation
import PhoenixCore

/// Subject alternative names as sets per kind, normalised so that equal sets compare equal: DNS names
/// and e-mail addresses lower-cased, IP addresses in canonical text (`10.0.0.1`, `fd00::1`), each list
/// sorted and without duplicates. Comparing these (not the text of `openssl` output) is what makes an
/// entry with IP SANs stop looking different on every run, unlike the original DNS-only text check.
struct SubjectAltNames: Sendable, Hashable, Codable {
    /// `dNSName` entries.
    var dns: [String] = []
    /// `iPAddress` entries.
    var ip: [String] = []
    /// `rfc822Name` entries.
    var email: [String] = []
    /// `uniformResourceIdentifier` entries.
    var uri: [String] = []

    /// Empty.
    init() {}

    /// Classifies manifest SANs the way `step ca certificate --san` does: an IP address, an e-mail
    /// address (contains `@`), a URI (contains `://`), otherwise a DNS name. Empty strings are dropped.
    init(classifying names: [String]) {
        for raw in names {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            if let address = IPAddress(parsing: name) {
                ip.append(address.description)
            } else if name.contains("://") {
                uri.append(name)
            } else if name.contains("@") {
                email.append(name.lowercased())
            } else {
                dns.append(name.lowercased())
            }
        }
        normalise()
    }

    /// Whether there are no names at all.
    var isEmpty: Bool { dns.isEmpty && ip.isEmpty && email.isEmpty && uri.isEmpty }

    /// The names as `--san` values would be written, DNS first.
    var all: [String] { dns + ip + email + uri }

    /// A copy without `name` (as a DNS name or an IP address). The CA may add the subject's CN as a SAN
    /// (step does when no SAN is requested), so comparisons ignore the CN on both sides.
    func removing(_ name: String) -> SubjectAltNames {
        var copy = self
        let lowered = name.lowercased()
        copy.dns.removeAll { $0 == lowered }
        if let address = IPAddress(parsing: name) { copy.ip.removeAll { $0 == address.description } }
        return copy
    }

    /// Sorts and de-duplicates every list.
    mutating func normalise() {
        dns = Array(Set(dns)).sorted()
        ip = Array(Set(ip)).sorted()
        email = Array(Set(email)).sorted()
        uri = Array(Set(uri)).sorted()
    }

    /// `DNS:a, IP:10.0.0.1`, for notes.
    var summary: String {
        let parts = dns.map { "DNS:\($0)" } + ip.map { "IP:\($0)" } + email.map { "email:\($0)" } + uri.map { "URI:\($0)" }
        return parts.isEmpty ? "(none)" : parts.joined(separator: ", ")
    }
}
