import PhoenixEngine

/// A notification target with its URL read (from the settings, a file or the environment).
public struct ResolvedTarget: Sendable {
    /// The target.
    public var target: NotificationTarget
    /// Its URL (a secret for incoming webhooks: never logged).
    public var url: String

    /// Creates a resolved target.
    public init(target: NotificationTarget, url: String) {
        self.target = target
        self.url = url
    }
}
