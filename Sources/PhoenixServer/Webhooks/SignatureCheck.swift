/// The result of checking a webhook request's proof of origin.
public enum SignatureCheck: Sendable, Hashable {
    /// The signature (or token) matches the shared secret.
    case valid
    /// The request carries no signature header.
    case missing
    /// The header is there but malformed or wrong; the reason says which, never the expected value.
    case invalid(String)

    /// True for ``valid``.
    public var isValid: Bool { self == .valid }
}
