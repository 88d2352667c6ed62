/// One key/value pair of a YAML mapping.
public struct YAMLPair: Sendable, Hashable {
    /// The key node (usually a scalar).
    public var key: YAMLValue
    /// The value node.
    public var value: YAMLValue

    /// Creates a pair.
    public init(key: YAMLValue, value: YAMLValue) {
        self.key = key
        self.value = value
    }
}
