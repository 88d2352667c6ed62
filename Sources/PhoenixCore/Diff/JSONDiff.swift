/// Semantic JSON diff: formatting (whitespace, key order, number spelling like `1.0`/`1`) is not a change,
/// and array elements that carry an identity key are matched by identity, so inserting a VM does not
/// "change" every VM after it.
///
/// Arrays are compared like this:
/// 1. If one of `identityKeys` (first that fits) is present as a string or number in **every** element of
///    both arrays, with unique values on each side, elements are matched by that key: unmatched old
///    elements are `removed`, unmatched new ones `added`, matched ones are diffed recursively.
/// 2. Otherwise elements are aligned by a longest common subsequence of equal elements; in each gap
///    between aligned elements, removed and added elements are paired in order and diffed recursively
///    (so an edited firewall rule is a change inside it), the rest are `removed`/`added`.
///
/// Objects are compared key by key (a renamed key is `removed` + `added`).
public enum JSONDiff {
    /// `vmid` (VMs), then `name` (named lists such as stack variables).
    public static let defaultIdentityKeys = ["vmid", "name"]

    /// The changes from `old` to `new` (`nil` = the document does not exist), in document order.
    public static func diff(
        old: JSONValue?, new: JSONValue?, identityKeys: [String] = defaultIdentityKeys
    ) -> [JSONChange] {
        var walker = Walker(identityKeys: identityKeys)
        let root = Walker.Path(old: .root, new: .root, identityTokens: [], identity: nil)
        switch (old, new) {
        case (nil, nil): break
        case (nil, let new?): walker.emit(.added, root, old: nil, new: new)
        case (let old?, nil): walker.emit(.removed, root, old: old, new: nil)
        case (let old?, let new?): walker.compare(old, new, root)
        }
        return walker.changes
    }

    /// Diff state: the identity keys and the changes found.
    private struct Walker {
        /// The position on both sides, plus the identity-annotated path for people.
        struct Path {
            var old: JSONPointer
            var new: JSONPointer
            var identityTokens: [String]
            var identity: String?

            func member(_ key: String) -> Path {
                Path(old: old.appending(key), new: new.appending(key), identityTokens: identityTokens + [key], identity: identity)
            }

            func element(old oldIndex: Int?, new newIndex: Int?, identity token: String?) -> Path {
                Path(
                    old: oldIndex.map { old.appending($0) } ?? old, new: newIndex.map { new.appending($0) } ?? new,
                    identityTokens: identityTokens + [token ?? String(newIndex ?? oldIndex ?? 0)],
                    identity: token ?? identity)
            }
        }

        let identityKeys: [String]
        var changes: [JSONChange] = []

        mutating func emit(_ kind: JSONChange.Kind, _ path: Path, old: JSONValue?, new: JSONValue?) {
            let identityPath = path.identityTokens.map { "/" + JSONPointer.escape($0) }.joined()
            changes.append(
                JSONChange(
                    kind: kind, pointer: kind == .removed ? path.old : path.new,
                    oldPointer: kind == .added ? nil : path.old, newPointer: kind == .removed ? nil : path.new,
                    identity: path.identity, identityPath: identityPath, oldValue: old, newValue: new))
        }

        mutating func compare(_ old: JSONValue, _ new: JSONValue, _ path: Path) {
            switch (old.kind, new.kind) {
            case (.object(let oldObject), .object(let newObject)):
                compareObjects(oldObject, newObject, path)
            case (.array(let oldArray), .array(let newArray)):
                compareArrays(oldArray, newArray, path)
            default:
                if old != new { emit(.changed, path, old: old, new: new) }
            }
        }

        private mutating func compareObjects(_ old: JSONObject, _ new: JSONObject, _ path: Path) {
            for member in old.members where new[member.key] == nil {
                emit(.removed, path.member(member.key), old: member.value, new: nil)
            }
            for member in new.members {
                if let oldValue = old[member.key] {
                    compare(oldValue, member.value, path.member(member.key))
                } else {
                    emit(.added, path.member(member.key), old: nil, new: member.value)
                }
            }
        }

        private mutating func compareArrays(_ old: [JSONValue], _ new: [JSONValue], _ path: Path) {
            if let key = identityKey(old, new) {
                compareByIdentity(old, new, key: key, path)
            } else {
                compareBySequence(old, new, path)
            }
        }

        /// The first identity key present as a scalar in every element of both arrays, unique per side.
        private func identityKey(_ old: [JSONValue], _ new: [JSONValue]) -> String? {
            guard !(old.isEmpty && new.isEmpty) else { return nil }
            return identityKeys.first { key in
                for side in [old, new] {
                    var seen = Set<String>()
                    for element in side {
                        guard let token = Self.identityValue(element, key: key), seen.insert(token).inserted else { return false }
                    }
                }
                return true
            }
        }

        private static func identityValue(_ element: JSONValue, key: String) -> String? {
            guard let value = element[key] else { return nil }
            if let text = value.stringValue { return text }
            if let number = value.numberValue { return number.intValue.map(String.init) ?? number.literal }
            return nil
        }

        private mutating func compareByIdentity(_ old: [JSONValue], _ new: [JSONValue], key: String, _ path: Path) {
            var oldIndex: [String: Int] = [:]
            for (index, element) in old.enumerated() {
                if let token = Self.identityValue(element, key: key) { oldIndex[token] = index }
            }
            var matched = Set<String>()
            var pending: [(JSONChange.Kind, Path, JSONValue?, JSONValue?)] = []
            for (index, element) in new.enumerated() {
                guard let token = Self.identityValue(element, key: key) else { continue }
                let identity = "\(key)=\(token)"
                if let previous = oldIndex[token] {
                    matched.insert(token)
                    compare(old[previous], element, path.element(old: previous, new: index, identity: identity))
                } else {
                    pending.append((.added, path.element(old: nil, new: index, identity: identity), nil, element))
                }
            }
            for (index, element) in old.enumerated() {
                guard let token = Self.identityValue(element, key: key), !matched.contains(token) else { continue }
                emit(.removed, path.element(old: index, new: nil, identity: "\(key)=\(token)"), old: element, new: nil)
            }
            for (kind, elementPath, oldValue, newValue) in pending { emit(kind, elementPath, old: oldValue, new: newValue) }
        }

        private mutating func compareBySequence(_ old: [JSONValue], _ new: [JSONValue], _ path: Path) {
            let pairs = Self.alignment(old, new)
            var oldCursor = 0
            var newCursor = 0
            for (oldMatch, newMatch) in pairs + [(old.count, new.count)] {
                let removed = Array(oldCursor..<oldMatch)
                let added = Array(newCursor..<newMatch)
                let paired = min(removed.count, added.count)
                for offset in 0..<paired {
                    let (o, n) = (removed[offset], added[offset])
                    compare(old[o], new[n], path.element(old: o, new: n, identity: nil))
                }
                for o in removed.dropFirst(paired) { emit(.removed, path.element(old: o, new: nil, identity: nil), old: old[o], new: nil) }
                for n in added.dropFirst(paired) { emit(.added, path.element(old: nil, new: n, identity: nil), old: nil, new: new[n]) }
                oldCursor = oldMatch + 1
                newCursor = newMatch + 1
            }
        }

        /// Index pairs of a longest common subsequence of equal elements (positional beyond 1M cells,
        /// to bound time and memory on huge arrays).
        private static func alignment(_ old: [JSONValue], _ new: [JSONValue]) -> [(Int, Int)] {
            let rows = old.count
            let columns = new.count
            guard rows > 0, columns > 0 else { return [] }
            guard rows * columns <= 1_000_000 else {
                return (0..<min(rows, columns)).filter { old[$0] == new[$0] }.map { ($0, $0) }
            }
            var lengths = [Int](repeating: 0, count: (rows + 1) * (columns + 1))
            for i in stride(from: rows - 1, through: 0, by: -1) {
                for j in stride(from: columns - 1, through: 0, by: -1) {
                    lengths[i * (columns + 1) + j] =
                        old[i] == new[j]
                        ? lengths[(i + 1) * (columns + 1) + j + 1] + 1
                        : max(lengths[(i + 1) * (columns + 1) + j], lengths[i * (columns + 1) + j + 1])
                }
            }
            var pairs: [(Int, Int)] = []
            var i = 0
            var j = 0
            while i < rows && j < columns {
                if old[i] == new[j] {
                    pairs.append((i, j))
                    i += 1
                    j += 1
                } else if lengths[(i + 1) * (columns + 1) + j] >= lengths[i * (columns + 1) + j + 1] {
                    i += 1
                } else {
                    j += 1
                }
            }
            return pairs
        }
    }
}
