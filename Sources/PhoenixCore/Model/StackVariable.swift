/// A stack environment variable `{name, value}`.
public struct StackVariable: Sendable, Hashable {
    /// Variable name.
    public var name: String
    /// Its value (a number in the file is kept as its text).
    public var value: String
    /// Where it is.
    public var origin: ValueOrigin
}
