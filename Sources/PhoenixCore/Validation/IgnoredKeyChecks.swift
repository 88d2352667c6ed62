/// Warns about keys in `IgnoredKeyRule.all` that hold a value (empty arrays/objects and `null` are
/// left alone: there is nothing to lose).
enum IgnoredKeyChecks {
    static func run(files: [ConfigFileContent], into findings: inout Findings) {
        for file in files {
            guard let json = file.json else { continue }
            let isManifest = file.kind == nil && file.path.hasSuffix("/phoenix.json")
            for rule in IgnoredKeyRule.all where rule.file == file.kind && (rule.file != nil || isManifest) {
                guard let pattern = try? JSONPointer(parsing: rule.pattern) else { continue }
                for pointer in matches(json, pattern: pattern.tokens[...], at: .root) {
                    guard let value = json.value(at: pointer), hasContent(value) else { continue }
                    findings.add(
                        .warning, .ignoredKey, file: file.path, pointer: pointer,
                        "\"\(pointer.lastToken ?? "")\" has no effect: \(rule.reason)")
                }
            }
        }
    }

    private static func hasContent(_ value: JSONValue) -> Bool {
        switch value.kind {
        case .null: false
        case .array(let elements): !elements.isEmpty
        case .object(let object): !object.isEmpty
        default: true
        }
    }

    /// Pointers in `value` matching `pattern` (`*` = any key or index).
    static func matches(_ value: JSONValue, pattern: ArraySlice<String>, at pointer: JSONPointer) -> [JSONPointer] {
        guard let token = pattern.first else { return [pointer] }
        let rest = pattern.dropFirst()
        switch value.kind {
        case .object(let object):
            if token == "*" {
                return object.members.flatMap { matches($0.value, pattern: rest, at: pointer.appending($0.key)) }
            }
            return object[token].map { matches($0, pattern: rest, at: pointer.appending(token)) } ?? []
        case .array(let elements):
            if token == "*" {
                return elements.enumerated().flatMap { matches($0.element, pattern: rest, at: pointer.appending($0.offset)) }
            }
            guard let index = JSONPointer.arrayIndex(token), elements.indices.contains(index) else { return [] }
            return matches(elements[index], pattern: rest, at: pointer.appending(index))
        default:
            return []
        }
    }
}
