/// A YAML document built in code and written deterministically by `YAMLEmitter`: maps keep their
/// order, every string value is double-quoted (so no value can change the document's structure).
indirect enum YAMLNode: Sendable, Equatable {
    /// A string, written double-quoted with escapes.
    case string(String)
    /// A boolean.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A mapping in the given order.
    case map([(String, YAMLNode)])
    /// A sequence.
    case list([YAMLNode])

    static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.map(let a), .map(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.list(let a), .list(let b)): a == b
        default: false
        }
    }
}
