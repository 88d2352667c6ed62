import Yams

/// Builds YAML documents in code as Yams nodes and writes them deterministically (ADR 0048): mappings
/// keep the order they are built in, every string value is double-quoted (so no value can change the
/// document's structure), keys are plain when they are simple identifiers and double-quoted otherwise.
enum YAMLDocument {
    /// One constructor for every tag made here: Yams's `Constructor.default` is a computed property that
    /// builds three dictionaries on every call, which was a fifth of a 10,000-guest plan (issue #16).
    /// Safe to share: `Constructor` is a final class whose only stored properties are `let` dictionaries
    /// set in its `init` and never changed afterwards, so concurrent readers see one immutable value.
    nonisolated(unsafe) private static let constructor = Constructor.default

    private static func tag(_ name: Tag.Name) -> Tag { Tag(name, .default, constructor) }

    /// A string value, always double-quoted.
    static func string(_ text: String) -> Node {
        Node(text, tag(.str), .doubleQuoted)
    }

    /// A boolean value.
    static func bool(_ value: Bool) -> Node {
        Node(value ? "true" : "false", tag(.bool), .plain)
    }

    /// An integer value.
    static func int(_ value: Int) -> Node {
        Node(String(value), tag(.int), .plain)
    }

    /// A mapping in the given order.
    static func map(_ pairs: [(String, Node)]) -> Node {
        Node(pairs.map { (key($0.0), $0.1) }, tag(.implicit))
    }

    /// A sequence.
    static func list(_ items: [Node]) -> Node {
        Node(items, tag(.implicit))
    }

    /// The document, preceded by `comments` (each already written as `# …`): block style, two-space
    /// indentation, `\n` line endings, no line folding, non-ASCII text kept as it is.
    static func render(_ root: Node, comments: [String] = []) throws -> String {
        let body = try Yams.serialize(node: root, indent: 2, width: -1, allowUnicode: true, lineBreak: .ln)
        return (comments.map { $0 + "\n" }).joined() + body
    }

    /// Words a YAML 1.1 or 1.2 reader could take for something other than a string.
    private static let specialWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]

    /// A key: plain when it is a simple identifier (`routers`, `notes-router`), double-quoted otherwise.
    static func key(_ key: String) -> Node {
        let simple =
            !key.isEmpty && key.first.map { $0.isLetter && $0.isASCII } == true
            && key.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
            }
            && !specialWords.contains(key.lowercased())
        return Node(key, tag(.str), simple ? .plain : .doubleQuoted)
    }
}
