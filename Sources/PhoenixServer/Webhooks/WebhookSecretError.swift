/// The webhook secret could not be loaded. Messages name where it was looked for, never its value.
public enum WebhookSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The secret file named in the settings cannot be read.
    case unreadable(path: String, reason: String)
    /// The file or variable is empty (white space only).
    case empty(origin: String)
    /// The secret is shorter than `WebhookSecret.minimumBytes`: guessable offline from one signed
    /// delivery.
    case tooShort(origin: String, bytes: Int)
    /// The secret file can be read by its group or by everyone (mode shown in octal).
    case exposed(path: String, mode: String)

    /// A sentence for the operator.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "webhook secret file \(path) cannot be read: \(reason)"
        case .empty(let origin): "webhook secret from \(origin) is empty"
        case .tooShort(let origin, let bytes):
            "webhook secret from \(origin) is \(bytes) byte(s); at least \(WebhookSecret.minimumBytes) are required "
                + "(e.g. `openssl rand -hex 32`)"
        case .exposed(let path, let mode):
            "webhook secret file \(path) has mode \(mode): readable by its group or by everyone; chmod 600 it"
        }
    }
}
