/// Matching of `/`-separated token lists against patterns with `*` (one token) and `**` (the rest).
enum PatternMatch {
    /// The tokens of an RFC 6901 pointer pattern (`/a/*/b` → `["a", "*", "b"]`), unescaping `~1` and `~0`.
    static func tokens(ofPointer pattern: String) -> [String] {
        guard !pattern.isEmpty else { return [] }
        return pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// True when `path` is matched by `pattern`, lies below a node the pattern matches (a rule that
    /// reads a node reads its whole value: `/dns_server/upstream_servers` covers a change at
    /// `/dns_server/upstream_servers/1`), or is a proper prefix of it (an ancestor changed, so
    /// whatever the pattern selects may have changed too).
    /// `ancestors: false` refuses the ancestor case, for paths that are always leaves (changed files).
    static func matches(pattern: [String], path: [String], ancestors: Bool = true) -> Bool {
        var index = 0
        while index < pattern.count {
            let token = pattern[index]
            if token == "**" { return true }
            guard index < path.count else { return ancestors }  // path is an ancestor of the pattern
            if token != "*" && token != path[index] { return false }
            index += 1
        }
        return true  // path is at or below a node the pattern matches
    }
}
