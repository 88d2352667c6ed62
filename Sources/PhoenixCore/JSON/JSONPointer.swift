import Foundation

/// An RFC 6901 JSON Pointer, e.g. `/lxc_configs/101/firewall/rules/0`.
///
/// Stored as decoded reference tokens; `description` gives the escaped text form
/// (`~` → `~0`, `/` → `~1`). The root pointer is the empty string.
public struct JSONPointer: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The decoded reference tokens.
    public var tokens: [String]

    /// The pointer to the whole document.
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from decoded tokens.
    public init(tokens: [String] = []) {
        self.tokens = tokens
    }

    /// Parses the text form. Throws for text that does not start with `/` (unless empty) and for a `~`
    /// not followed by `0` or `1`.
    public init(parsing text: String) throws(JSONPointerError) {
        if text.isEmpty {
            self.tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw JSONPointerError(text: text, reason: "must be empty or start with '/'") }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            tokens.append(try Self.unescape(raw, in: text))
        }
        self.tokens = tokens
    }

    /// The escaped text form (`""` for the root).
    public var description: String {
        tokens.map { "/" + Self.escape($0) }.joined()
    }

    /// Whether this is the root pointer.
    public var isRoot: Bool { tokens.isEmpty }

    /// The last token, if any.
    public var lastToken: String? { tokens.last }

    /// The pointer without its last token (the root's parent is the root).
    public var parent: JSONPointer { JSONPointer(tokens: Array(tokens.dropLast())) }

    /// This pointer with `token` appended.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    /// This pointer with an array index appended.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// This pointer with several tokens appended.
    public func appending(contentsOf more: [String]) -> JSONPointer {
        JSONPointer(tokens: tokens + more)
    }

    /// Whether `self` is `other` or one of its ancestors.
    public func isPrefix(of other: JSONPointer) -> Bool {
        other.tokens.starts(with: tokens)
    }

    /// Escapes one token: `~` → `~0`, then `/` → `~1`.
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The array index a token denotes (`0`, `12`; no sign, no leading zero), or `nil`.
    public static func arrayIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if first == 0x30 && token.utf8.count > 1 { return nil }
        return Int(token)
    }

    private static func unescape(_ raw: Substring, in text: String) throws(JSONPointerError) -> String {
        guard raw.contains("~") else { return String(raw) }
        var result = ""
        var iterator = raw.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                result.append(character)
                continue
            }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default: throw JSONPointerError(text: text, reason: "'~' must be followed by '0' or '1'")
            }
        }
        return result
    }

    /// Orders by tokens, element by element (so `/a/2` < `/a/10` is *not* numeric; it is stable and total).
    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }

    /// Decodes from the text form.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    /// Encodes as the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
