/// One HTTP call the queue owes someone: a commit status, or a notification to one target.
public struct Delivery: Sendable {
    /// Never sent twice: a delivery whose key was already queued or sent is ignored (one message per
    /// event, not one per poll).
    public var key: String
    /// Deliveries sharing this key replace each other while waiting (a newer status of the same commit
    /// makes an older one still waiting for a retry pointless: only the newest state matters).
    public var supersedes: String?
    /// The metrics label: `commit_status`, `json`, `slack`, `msteams`.
    public var channel: String
    /// What the logs call it (`github status abc1234 success`, `notification ops-slack run-failed`); never
    /// a URL, since incoming-webhook URLs carry their secret.
    public var label: String
    /// The request.
    public var request: OutboundRequest
    /// Values masked in every log line about this delivery (the token, the target URL).
    public var secrets: [String]

    /// Creates a delivery.
    public init(
        key: String, supersedes: String? = nil, channel: String, label: String, request: OutboundRequest,
        secrets: [String] = []
    ) {
        self.key = key
        self.supersedes = supersedes
        self.channel = channel
        self.label = label
        self.request = request
        self.secrets = secrets
    }

    /// `text` with every secret of this delivery (and every secret header value) masked.
    func masked(_ text: String) -> String {
        var result = text
        let values = secrets + request.headers.filter(\.secret).map(\.value)
        for secret in values where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }
}
