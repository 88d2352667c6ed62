/// One `"key": value` pair of a JSON object, with the location of the key.
public struct JSONMember: Sendable {
    /// The decoded key.
    public let key: String
    /// Where the key's opening quote is.
    public let keyLocation: SourceLocation
    /// The value.
    public var value: JSONValue

    /// Creates a member.
    public init(key: String, keyLocation: SourceLocation = .start, value: JSONValue) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
