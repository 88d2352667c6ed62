/// Which commits must carry a valid signature before they are applied.
public enum VerifyPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// No verification.
    case none
    /// The tracked branch's head commit must be signed by an allowed signer.
    case head
}
