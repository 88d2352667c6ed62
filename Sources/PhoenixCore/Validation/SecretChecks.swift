import Foundation

/// Warns about secrets written as literal values: JSON keys like `admin_password`, `*_password`,
/// `*token*`, `*secret*`, `api_key`; stack variables `{name: "DB_PASS", value: "..."}`; and
/// `KEY=value` lines of stack `.env` files. The value is never printed.
enum SecretChecks {
    static func run(files: [ConfigFileContent], into findings: inout Findings) {
        for file in files {
            if let json = file.json {
                walk(json, file: file.path, into: &findings)
            } else if file.path.hasSuffix(".env") {
                scanEnvFile(file, into: &findings)
            }
        }
    }

    /// Whether a JSON key names a secret (references such as `hf_token_file` do not).
    static func isSecretKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        let referenceSuffixes = ["_file", "_path", "_url", "_name", "_ref", "_env", "_hash"]
        if referenceSuffixes.contains(where: lower.hasSuffix) { return false }
        return lower == "password" || lower.hasSuffix("_password") || lower.hasSuffix("password")
            || lower.contains("token") || lower.contains("secret") || lower == "api_key" || lower == "apikey"
            || lower.contains("passphrase")
    }

    /// Whether a variable name (environment style) names a secret; also catches `DB_PASS`.
    static func isSecretVariable(_ name: String) -> Bool {
        let lower = name.lowercased()
        return isSecretKey(name) || lower.hasSuffix("_pass") || lower == "pass" || lower.contains("passwd")
    }

    /// Whether a value is a literal (not empty, not a `${VAR}` / `env:` / `file:` style reference).
    static func isLiteral(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return false }
        let referencePrefixes = ["$", "env:", "file:", "vault:", "sops:"]
        return !referencePrefixes.contains(where: trimmed.hasPrefix)
    }

    /// Walks one document. The pointer is kept as a token stack and built only for a finding, and each
    /// distinct key is classified once (`secretKeys`): at 10,000 guests the walk visits millions of
    /// members with a few dozen distinct keys, and copying a pointer per member cost 288 ms (issue #16).
    private static func walk(_ value: JSONValue, file: String, into findings: inout Findings) {
        var tokens: [String] = []
        var secretKeys: [String: Bool] = [:]
        walk(value, tokens: &tokens, secretKeys: &secretKeys, file: file, into: &findings)
    }

    private static func walk(
        _ value: JSONValue, tokens: inout [String], secretKeys: inout [String: Bool], file: String,
        into findings: inout Findings
    ) {
        switch value.kind {
        case .object(let object):
            for member in object.members {
                tokens.append(member.key)
                defer { tokens.removeLast() }
                let secret: Bool
                if let known = secretKeys[member.key] {
                    secret = known
                } else {
                    secret = isSecretKey(member.key)
                    secretKeys[member.key] = secret
                }
                if secret, let text = member.value.stringValue, isLiteral(text) {
                    findings.add(
                        .warning, .plaintextSecret, file: file, pointer: JSONPointer(tokens: tokens),
                        "\"\(member.key)\" holds a plaintext secret committed to git; move it out of the repository "
                            + "and reference it (environment variable or file)")
                }
                if member.key == "value", let name = object["name"]?.stringValue, isSecretVariable(name),
                    let text = member.value.stringValue, isLiteral(text)
                {
                    findings.add(
                        .warning, .plaintextSecret, file: file, pointer: JSONPointer(tokens: tokens),
                        "variable \"\(name)\" holds a plaintext secret committed to git; reference it instead")
                }
                switch member.value.kind {
                case .object, .array:
                    walk(member.value, tokens: &tokens, secretKeys: &secretKeys, file: file, into: &findings)
                default:
                    break
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                switch element.kind {
                case .object, .array:
                    tokens.append(String(index))
                    walk(element, tokens: &tokens, secretKeys: &secretKeys, file: file, into: &findings)
                    tokens.removeLast()
                default:
                    break
                }
            }
        default:
            break
        }
    }

    private static func scanEnvFile(_ file: ConfigFileContent, into findings: inout Findings) {
        let text = String(decoding: file.bytes, as: UTF8.self)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            var name = String(trimmed[..<equals]).trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("export ") { name = String(name.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            let value = String(trimmed[trimmed.index(after: equals)...])
            guard isSecretVariable(name), isLiteral(value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))) else {
                continue
            }
            findings.append(
                Diagnostic(
                    severity: .warning, code: .plaintextSecret, file: file.path,
                    location: SourceLocation(line: index + 1, column: 1, offset: 0),
                    message: "\(name) holds a plaintext secret committed to git; reference it instead"))
        }
    }
}
