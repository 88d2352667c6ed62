/// What the commit-signature policy concluded about a commit, as written in status.json.
public struct SignatureVerdict: Sendable, Hashable, Codable {
    /// The policy (`none` or `head`).
    public var policy: VerifyPolicy
    /// Whether the commit may be applied.
    public var accepted: Bool
    /// `ssh`, `openpgp`, `x509`, `unknown`, or nil when unsigned.
    public var format: String?
    /// The principal (SSH) or key that made a good signature.
    public var signer: String?
    /// Why, in words: `good ssh signature by alice@example.org`, `commit abc1234 is not signed`.
    public var reason: String

    /// Creates a verdict.
    public init(policy: VerifyPolicy, accepted: Bool, format: String? = nil, signer: String? = nil, reason: String) {
        self.policy = policy
        self.accepted = accepted
        self.format = format
        self.signer = signer
        self.reason = reason
    }
}
