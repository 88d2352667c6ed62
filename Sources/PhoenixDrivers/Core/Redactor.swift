import Foundation

/// Masks secrets in argv arrays and tool output before they reach an error message, a journal or a log.
///
/// Drivers never put secrets on a command line by design (file contents and passwords travel on stdin),
/// so this is the second line of defence. It masks:
/// - every literal value in `secrets` (values shorter than 4 characters are ignored: masking "a" everywhere
///   would destroy messages and protects nothing);
/// - the value after a flag whose name says it is secret (`--password X`, `--token=X`), except flags
///   naming where the secret comes from (`--password-file`, `--pass-stdin`);
/// - `NAME=value` where NAME says it is secret (`ADMIN_PASSWORD=…`, `api_key=…`, `DB_PASS=…`,
///   `QDRANT_KEY=…`: a name ending in `_PASS`, `_PWD` or `_KEY` counts too);
/// - YAML and JSON mappings with such a name (`DATABASE_PASS: x`, `"token": "x"`), to the end of the line;
/// - the password of URL userinfo (`postgres://app:<redacted>@db/app`);
/// - PEM blocks and Docker Swarm join tokens (`SWMTKN-…`).
public struct Redactor: Sendable, Hashable {
    /// What replaces a masked value.
    public static let placeholder = "<redacted>"

    /// The default redactor: heuristics only, no literal secrets.
    public static let standard = Redactor()

    /// Literal secret values to mask wherever they appear.
    public var secrets: [String]

    /// Creates a redactor that also masks the given literal values.
    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    /// A copy that also masks `more`.
    public func adding(_ more: [String]) -> Redactor {
        Redactor(secrets: secrets + more)
    }

    /// The argv with secret values replaced by `placeholder`.
    public func argv(_ argv: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(argv.count)
        var maskNext = false
        for argument in argv {
            if maskNext {
                out.append(Self.placeholder)
                maskNext = false
                continue
            }
            if argument.hasPrefix("-") {
                let (flag, value) = Self.splitFlag(argument)
                if Self.isSecretFlag(flag) {
                    if value != nil {
                        out.append(flag + "=" + Self.placeholder)
                    } else {
                        out.append(argument)
                        maskNext = true
                    }
                    continue
                }
            }
            out.append(text(argument))
        }
        return out
    }

    /// The text with PEM blocks, swarm tokens, secret assignments and literal secrets masked.
    public func text(_ text: String) -> String {
        var result = Self.maskPEM(text)
        result = Self.maskSwarmTokens(result)
        result = Self.maskAssignments(result)
        result = Self.maskMappings(result)
        result = Self.maskURLPasswords(result)
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.placeholder)
        }
        return result
    }

    // MARK: - Rules

    private static let secretWords = [
        "password", "passwd", "passphrase", "secret", "token", "credential", "apikey", "api-key", "private-key",
        "privatekey",
    ]
    private static let sourceSuffixes = ["-file", "-stdin", "-env", "-path"]

    /// "--password=x" → ("--password", "x"); "--password" → ("--password", nil).
    private static func splitFlag(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func isSecretFlag(_ flag: String) -> Bool {
        let name = flag.drop(while: { $0 == "-" }).lowercased().replacingOccurrences(of: "_", with: "-")
        guard !name.isEmpty else { return false }
        if sourceSuffixes.contains(where: { name.hasSuffix($0) }) { return false }
        return isSecretName(name)
    }

    private static func isSecretName(_ name: String) -> Bool {
        let normalized = name.lowercased().replacingOccurrences(of: "_", with: "-")
        return secretWords.contains(where: { normalized.contains($0) })
    }

    private static func maskPEM(_ text: String) -> String {
        var result = text
        while let begin = result.range(of: "-----BEGIN ") {
            let end: String.Index
            if let endMarker = result.range(of: "-----END ", range: begin.upperBound..<result.endIndex),
                let close = result.range(of: "-----", range: endMarker.upperBound..<result.endIndex)
            {
                end = close.upperBound
            } else {
                end = result.endIndex
            }
            result.replaceSubrange(begin.lowerBound..<end, with: placeholder)
        }
        return result
    }

    private static func maskSwarmTokens(_ text: String) -> String {
        var result = text
        var searchStart = result.startIndex
        while let found = result.range(of: "SWMTKN-", range: searchStart..<result.endIndex) {
            let end = result[found.lowerBound...].firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "-") })
                ?? result.endIndex
            result.replaceSubrange(found.lowerBound..<end, with: placeholder)
            searchStart = result.index(found.lowerBound, offsetBy: placeholder.count)
        }
        return result
    }

    /// Masks the value of `NAME=value` words whose NAME is secret-sounding (up to whitespace or a quote).
    private static func maskAssignments(_ text: String) -> String {
        guard text.contains("=") else { return text }
        var result = ""
        var rest = Substring(text)
        while let equals = rest.firstIndex(of: "=") {
            let before = rest[..<equals]
            let nameStart = before.lastIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                .map { before.index(after: $0) } ?? before.startIndex
            let name = before[nameStart...]
            let afterEquals = rest.index(after: equals)
            if !name.isEmpty, isSecretValueName(String(name)), !isSourceName(String(name)) {
                let valueEnd = rest[afterEquals...].firstIndex(where: { $0.isWhitespace || $0 == "'" || $0 == "\"" })
                    ?? rest.endIndex
                result += rest[..<afterEquals] + placeholder
                rest = rest[valueEnd...]
            } else {
                result += rest[..<afterEquals]
                rest = rest[afterEquals...]
            }
        }
        return result + rest
    }

    /// A name whose value is secret: a secret word anywhere, or a `_PASS`/`_PWD`/`_KEY` suffix
    /// (`DB_PASS`, `QDRANT__SERVICE__API_KEY`). Used for assignments and mappings, not for flags,
    /// where `--key` usually names a file.
    private static func isSecretValueName(_ name: String) -> Bool {
        let normalized = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if isSecretName(normalized) { return true }
        if ["pass", "pwd", "key"].contains(normalized) { return true }
        return ["-pass", "-pwd", "-key"].contains { normalized.hasSuffix($0) }
    }

    /// Masks the value of `NAME: value` (YAML, JSON, diff lines of either) to the end of its line
    /// when NAME is secret-sounding.
    private static func maskMappings(_ text: String) -> String {
        guard text.contains(": ") || text.contains("\":") else { return text }
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(maskMapping(String(line)))
        }
        return lines.joined(separator: "\n")
    }

    private static func maskMapping(_ line: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return line }
        var nameEnd = colon
        if nameEnd > line.startIndex, line[line.index(before: nameEnd)] == "\"" || line[line.index(before: nameEnd)] == "'" {
            nameEnd = line.index(before: nameEnd)
        }
        let before = line[..<nameEnd]
        let nameStart = before.lastIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") })
            .map { before.index(after: $0) } ?? before.startIndex
        let name = String(before[nameStart...])
        // Only a key at the start of the line (after indentation, a list dash, a diff marker or a quote).
        let lead = before[..<nameStart]
        guard !name.isEmpty, lead.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "-" || $0 == "+" || $0 == "\"" || $0 == "'" || $0 == "{" || $0 == "," }),
            isSecretValueName(name), !isSourceName(name)
        else { return line }
        let afterColon = line[line.index(after: colon)...]
        let value = afterColon.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty, !value.hasPrefix(placeholder), afterColon.first == " " || afterColon.first == "\t" || afterColon.first == "\"" else {
            return line
        }
        return String(line[...colon]) + " " + placeholder
    }

    /// `scheme://user:password@host` → `scheme://user:<redacted>@host`.
    private static func maskURLPasswords(_ text: String) -> String {
        guard text.contains("://") else { return text }
        var result = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0.isWhitespace || $0 == "\"" || $0 == "'" }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { continue }
            result += authority[...colon] + placeholder
            rest = rest[at...]
        }
        return result + rest
    }

    private static func isSourceName(_ name: String) -> Bool {
        let normalized = name.lowercased().replacingOccurrences(of: "_", with: "-")
        return sourceSuffixes.contains(where: { normalized.hasSuffix($0) })
    }
}
