/// What a verified webhook request says happened.
public enum WebhookEvent: Sendable, Hashable {
    /// A connectivity test (GitHub `ping`, `X-Phoenix-Event: ping`).
    case ping
    /// A push to a ref.
    case push(PushEvent)
    /// Any other event (`issues`, `Tag Push Hook`, ...), by the name the sender gave it.
    case other(String)
}
