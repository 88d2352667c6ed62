/// A located, `Sendable` copy of a YAML node tree (Yams' `Node` is not `Sendable`), for validation
/// and for stage renderers that only need to read a compose file. Aliases are already resolved.
public struct YAMLValue: Sendable, Hashable {
    /// The shape and content of a node.
    public enum Kind: Sendable, Hashable {
        /// A scalar: its text and resolved tag (e.g. `tag:yaml.org,2002:int`).
        case scalar(String, tag: String)
        /// A sequence.
        case sequence([YAMLValue])
        /// A mapping, pairs in source order.
        case mapping([YAMLPair])
    }

    /// The node.
    public var kind: Kind
    /// Where the node starts (Yams/libyaml mark; line and column are 1-based, column in Unicode scalars).
    public var location: SourceLocation

    /// Creates a node.
    public init(_ kind: Kind, location: SourceLocation = .start) {
        self.kind = kind
        self.location = location
    }

    /// The scalar text, if this is a scalar.
    public var scalarValue: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The elements, if this is a sequence.
    public var sequenceValue: [YAMLValue]? {
        if case .sequence(let values) = kind { return values }
        return nil
    }

    /// The pairs, if this is a mapping.
    public var mappingValue: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The value of the first pair whose key is the scalar `key`, when this is a mapping.
    public subscript(key: String) -> YAMLValue? {
        mappingValue?.first { $0.key.scalarValue == key }?.value
    }
}
