/// Writes a `YAMLNode` as block-style YAML with two-space indentation and `\n` line endings.
///
/// Keys are written plain when they are simple identifiers (`routers`, `notes-router`) and quoted
/// otherwise; string values are always double-quoted with `\\`, `\"` and control characters escaped.
enum YAMLEmitter {
    /// The document, preceded by `comments` (each written as `# …`).
    static func emit(_ root: YAMLNode, comments: [String] = []) -> String {
        var lines = comments
        lines += self.lines(root, indent: 0)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func lines(_ node: YAMLNode, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch node {
        case .map(let pairs):
            var out: [String] = []
            for (key, value) in pairs {
                let name = quoteKey(key)
                switch value {
                case .map(let inner) where inner.isEmpty:
                    out.append("\(pad)\(name): {}")
                case .list(let inner) where inner.isEmpty:
                    out.append("\(pad)\(name): []")
                case .map, .list:
                    out.append("\(pad)\(name):")
                    out += lines(value, indent: indent + 2)
                default:
                    out.append("\(pad)\(name): \(scalar(value))")
                }
            }
            return out
        case .list(let items):
            var out: [String] = []
            for item in items {
                switch item {
                case .map(let pairs) where !pairs.isEmpty:
                    // Emit the map two deeper, then put "- " where its first line's indentation was.
                    var inner = lines(item, indent: indent + 2)
                    inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
                    out += inner
                case .list(let inner) where !inner.isEmpty:
                    out.append("\(pad)-")
                    out += lines(item, indent: indent + 2)
                case .map:
                    out.append("\(pad)- {}")
                case .list:
                    out.append("\(pad)- []")
                default:
                    out.append("\(pad)- \(scalar(item))")
                }
            }
            return out
        default:
            return [pad + scalar(node)]
        }
    }

    private static func scalar(_ node: YAMLNode) -> String {
        switch node {
        case .string(let text): quote(text)
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .map, .list: ""
        }
    }

    /// Words a YAML 1.1 or 1.2 reader could take for something other than a string.
    private static let specialWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]

    static func quoteKey(_ key: String) -> String {
        let simple =
            !key.isEmpty && key.first.map { $0.isLetter && $0.isASCII } == true
            && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
            && !specialWords.contains(key.lowercased())
        return simple ? key : quote(key)
    }

    /// A double-quoted YAML scalar.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
                {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
