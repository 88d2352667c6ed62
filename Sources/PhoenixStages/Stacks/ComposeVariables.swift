/// `${NAME}` substitution as the original did it (sed over the compose text), made safe: only the
/// exact form `${NAME}` with `NAME` = `[A-Za-z_][A-Za-z0-9_]*` and a defined variable is replaced, and
/// it is replaced inside YAML scalar values (never keys), so a value can never inject YAML structure.
/// `$$` (Compose's escape), `$NAME` and `${NAME:-default}` are left for `docker stack deploy`.
enum ComposeVariables {
    /// `text` with every `${NAME}` of `variables` replaced; names used but not defined go to `undefined`.
    static func substitute(_ text: String, _ variables: [String: String], undefined: inout Set<String>) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            guard character == "$", next < text.endIndex else {
                result.append(character)
                index = next
                continue
            }
            if text[next] == "$" {
                result += "$$"
                index = text.index(after: next)
                continue
            }
            if text[next] == "{", let close = text[next...].firstIndex(of: "}") {
                let name = String(text[text.index(after: next)..<close])
                if isIdentifier(name) {
                    if let value = variables[name] {
                        result += value
                    } else {
                        undefined.insert(name)
                        result += text[index...close]
                    }
                    index = text.index(after: close)
                    continue
                }
            }
            result.append(character)
            index = next
        }
        return result
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        func letter(_ scalar: Unicode.Scalar) -> Bool {
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
        }
        return letter(first) && name.unicodeScalars.allSatisfy { letter($0) || ($0 >= "0" && $0 <= "9") }
    }
}
