public import PhoenixEngine

/// Why a run was asked for, as the server knows it (which webhook, which ref and delivery): the engine's
/// `RunTrigger` with the details a webhook gives. Carried into the run's log lines; never used to decide
/// what to apply.
public struct TriggerReason: Sendable, Hashable, CustomStringConvertible {
    /// What woke the reconciler: the engine's own trigger kinds (`webhook`, `poll`, `manual`, `startup`).
    public var source: RunTrigger.Kind
    /// The webhook provider, for a webhook.
    public var provider: WebhookProvider?
    /// The full ref the sender named (`refs/heads/main`), if any.
    public var ref: String?
    /// The commit the sender says the ref now points at. A hint for logs only: the reconciler fetches
    /// and decides from git, because payloads are unreliable (gitops-anchors (c) 7).
    public var commitHint: String?
    /// The sender's delivery id (`X-GitHub-Delivery`, `X-Gitea-Delivery`, ...), for correlating logs.
    public var deliveryID: String?

    /// Creates a reason.
    public init(
        source: RunTrigger.Kind, provider: WebhookProvider? = nil, ref: String? = nil, commitHint: String? = nil,
        deliveryID: String? = nil
    ) {
        self.source = source
        self.provider = provider
        self.ref = ref
        self.commitHint = commitHint
        self.deliveryID = deliveryID
    }

    /// A reason for a poll tick.
    public static let poll = TriggerReason(source: .poll)

    /// `webhook(github) refs/heads/main @1a2b3c4` and the like, for logs.
    public var description: String {
        var text = source.rawValue
        if let provider { text += "(\(provider.rawValue))" }
        if let ref { text += " \(ref)" }
        if let commitHint { text += " @\(commitHint.prefix(12))" }
        return text
    }
}
