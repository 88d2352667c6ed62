import Foundation

/// What counts as a DNS host name in rendered files: dot-separated labels of letters, digits, `-`
/// and `_` (dnsmasq accepts `_`), 1–63 characters each, 253 in total, no label starting or ending
/// with `-`. Anything else could break out of an `address=/…/` line or a Traefik rule.
enum HostnameRules {
    /// Whether `name` (already lower-cased or not) is a usable host name.
    static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            return label.unicodeScalars.allSatisfy { scalar in
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                    || scalar == "-" || scalar == "_"
            }
        }
    }

    /// Whether `name` is usable as a Traefik router/service name and a DNS label sequence:
    /// letters, digits, `.`, `_`, `-` (no `@`, which Traefik reads as a provider suffix).
    static func isValidRouteName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200
            && name.unicodeScalars.allSatisfy { scalar in
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                    || scalar == "-" || scalar == "_" || scalar == "."
            }
    }

    /// The domain as used in names: trimmed, lower-cased, without a trailing dot.
    static func normalizedDomain(_ domain: String) -> String {
        var text = domain.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
