/// The webhook secret could not be loaded. Messages name where it was looked for, never its value.
public enum WebhookSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The secret file named in the settings cannot be read.
    case unreadable(path: String, reason: String)
    /// The file or variable is empty (white space only).
    case empty(origin: String)

    /// A sentence for the operator.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "webhook secret file \(path) cannot be read: \(reason)"
        case .empty(let origin): "webhook secret from \(origin) is empty"
        }
    }
}
