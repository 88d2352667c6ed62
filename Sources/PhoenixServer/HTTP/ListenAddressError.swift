/// A listen address that is not `HOST:PORT`.
public struct ListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public var text: String

    /// Creates an error.
    public init(text: String) {
        self.text = text
    }

    /// A sentence for the operator.
    public var description: String {
        "invalid listen address \"\(text)\": expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080"
    }
}
