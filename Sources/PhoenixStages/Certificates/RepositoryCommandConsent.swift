import Foundation

/// The operator's consent to a shell command that comes from the repository (`post_renewal_command`):
/// the command must match an entry of the settings' allow-list, exactly or as a pattern in which `*`
/// stands for any run of characters (`pct exec 210 -- systemctl reload *`). Nothing else is special:
/// `?`, brackets and backslashes are literal, so a pattern reads as what it allows.
/// docs/adr/0017-repository-commands.md.
public enum RepositoryCommandConsent {
    /// Whether `command` (trimmed) matches one of `allowList`.
    public static func allows(_ command: String, _ allowList: [String]) -> Bool {
        let text = Array(command.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
        return allowList.contains { matches(text, Array($0.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)) }
    }

    /// Glob match with `*` only (iterative, linear backtracking).
    static func matches(_ text: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
        var t = 0
        var p = 0
        var star: Int?
        var mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] != "*", pattern[p] == text[t] {
                t += 1
                p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if let star {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
