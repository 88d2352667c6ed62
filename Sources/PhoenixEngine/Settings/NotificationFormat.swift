/// The message shape a notification target expects.
public enum NotificationFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// phoenix-gitops' own JSON document (docs/operations.md), for any HTTP receiver.
    case json
    /// Slack-compatible incoming webhooks (Slack, Mattermost, Rocket.Chat): `text` plus `attachments`.
    case slack
    /// Microsoft Teams incoming webhooks / workflows: an Adaptive Card message.
    case msteams
}
