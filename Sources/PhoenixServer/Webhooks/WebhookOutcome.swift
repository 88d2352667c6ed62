/// How one webhook request is answered: HTTP status, body, and the `result` label it is counted under.
public struct WebhookOutcome: Sendable, Hashable {
    /// Values of the `result` label of `phoenix_webhook_requests_total`.
    public enum Result: String, Sendable, Hashable, CaseIterable {
        /// A push to the tracked branch, handed to the reconciler.
        case accepted
        /// A verified request that needs no run (another branch, another event, a deletion).
        case ignored
        /// A verified ping.
        case ping
        /// Missing or wrong signature or token.
        case unauthorized
        /// Body over the limit.
        case tooLarge = "too_large"
        /// Verified, but the headers or body cannot be understood.
        case malformed
        /// No webhook secret is configured, so nothing can be verified.
        case unconfigured
        /// The reconciler refused the trigger (shutting down).
        case refused
    }

    /// The HTTP status code.
    public var status: Int
    /// The JSON body.
    public var reply: WebhookReply
    /// The metric label.
    public var result: Result

    /// Creates an outcome.
    public init(status: Int, reply: WebhookReply, result: Result) {
        self.status = status
        self.reply = reply
        self.result = result
    }
}
