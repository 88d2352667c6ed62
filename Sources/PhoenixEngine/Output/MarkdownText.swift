/// Escaping for the CommonMark that `plan --format markdown` writes.
enum MarkdownText {
    /// `text` as inline CommonMark that reads as itself: every ASCII punctuation character that could
    /// start emphasis, code, a link, HTML, an entity, strikethrough or a table cell is backslash-escaped,
    /// and line breaks become spaces (a reason or message is one line).
    static func inline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            // Never at the start of a line (always after "- " or a label), so `#`, `-`, `+`, `1.` cannot
            // start a block; `(` only matters after `]`, which is escaped.
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&":
                out.append("\\")
                out.append(character)
            case "\n", "\r":
                out.append(" ")
            default:
                out.append(character)
            }
        }
        return guardBlockStart(out)
    }

    /// Inline text follows a list marker, where `# x`, `- x`, `+ x`, `= x` or `1. x` would still open a
    /// heading, a nested list or a setext underline: such a first character is escaped too.
    private static func guardBlockStart(_ text: String) -> String {
        guard let first = text.first else { return text }
        if "#-+=".contains(first) { return "\\" + text }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let next = text.dropFirst(digits.count).first, next == "." || next == ")" {
            return digits + "\\" + text.dropFirst(digits.count)
        }
        return text
    }

    /// `text` inside raw HTML (`<summary>…</summary>`): `&`, `<`, `>` as entities, one line.
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: " ")
    }

    /// A code span holding `text`: backticks one longer than its longest backtick run, padded with
    /// spaces when it starts or ends with a backtick.
    static func code(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        let fence = String(repeating: "`", count: longestRun(of: "`", in: flat) + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// A fenced code block: the fence is longer than any backtick run in `body`, so the content can
    /// never close it early.
    static func fenced(_ body: String, info: String) -> String {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: body) + 1))
        var out = fence + info + "\n" + body
        if !body.isEmpty && !body.hasSuffix("\n") { out += "\n" }
        return out + fence + "\n"
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var current = 0
        for c in text {
            if c == character {
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return longest
    }
}
