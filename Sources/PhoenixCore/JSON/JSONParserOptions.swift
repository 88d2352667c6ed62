/// Limits for `JSONParser`.
public struct JSONParserOptions: Sendable, Hashable {
    /// Inputs larger than this many bytes are rejected before parsing. Default 16 MiB.
    public var maxBytes: Int
    /// Arrays/objects nested deeper than this are an error (the parser recurses, so this also
    /// bounds stack use). Default 256.
    public var maxDepth: Int

    /// Creates options.
    public init(maxBytes: Int = 16 * 1024 * 1024, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// The defaults (16 MiB, depth 256).
    public static let `default` = JSONParserOptions()
}
