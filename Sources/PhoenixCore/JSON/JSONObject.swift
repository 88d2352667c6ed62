/// A JSON object that keeps its keys in source order and each key's location.
///
/// Keys are unique: when a document repeats a key, the parser keeps the first position and the
/// last value (what `jq`, and so the original `phoenix sync`, saw) and reports the duplicate.
public struct JSONObject: Sendable, Hashable {
    /// The members in source order.
    public private(set) var members: [JSONMember]
    /// Key → position, built only once the object is large: a config entry has a handful of keys, and a
    /// dictionary per object was most of what parsing a large file allocated (issue #16).
    private var index: [String: Int]

    /// Up to this many members, keys are found by a scan.
    private static let indexedFrom = 16

    /// Creates an object; a repeated key replaces the earlier value in place.
    public init(members: [JSONMember] = []) {
        self.members = []
        self.index = [:]
        for member in members { set(member) }
    }

    /// The keys in source order.
    public var keys: [String] { members.map(\.key) }

    /// The number of keys.
    public var count: Int { members.count }

    /// Whether there are no keys.
    public var isEmpty: Bool { members.isEmpty }

    /// The value for `key`, if present.
    public subscript(key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        return members[position].value
    }

    /// The member (key, key location, value) for `key`, if present.
    public func member(_ key: String) -> JSONMember? {
        position(of: key).map { members[$0] }
    }

    /// Inserts or replaces a member; a replaced member keeps its original position.
    public mutating func set(_ member: JSONMember) {
        if let position = position(of: member.key) {
            members[position].value = member.value
            return
        }
        members.append(member)
        if !index.isEmpty {
            index[member.key] = members.count - 1
        } else if members.count > Self.indexedFrom {
            for (position, member) in members.enumerated() { index[member.key] = position }
        }
    }

    private func position(of key: String) -> Int? {
        guard index.isEmpty else { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    /// Equal when both have the same keys with equal values; key order and locations do not matter.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Order-independent hash, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
