/// A verified webhook request whose headers or body cannot be understood (answered 400).
public struct WebhookPayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, without echoing the payload.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
