/// A kind of webhook sender, each with its own endpoint, headers and proof of origin.
public enum WebhookProvider: String, Sendable, Hashable, CaseIterable, Codable {
    /// GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, event in `X-GitHub-Event`.
    case github
    /// Gitea and Forgejo: `X-Gitea-Signature` (or `X-Forgejo-Signature`): `<hex HMAC-SHA256 of the body>`,
    /// event in `X-Gitea-Event` (or `X-Forgejo-Event`).
    case gitea
    /// GitLab: the shared secret itself in `X-Gitlab-Token`, event in `X-Gitlab-Event`.
    case gitlab
    /// phoenix-gitops' own `hooks/post-receive`: `X-Phoenix-Signature: sha256=<hex HMAC-SHA256 of the
    /// body>`, optional `X-Phoenix-Event` (`push`, the default, or `ping`), body `{ref, before, after}`.
    case generic

    /// The endpoint path, `/hooks/<provider>`.
    public var path: String { "/hooks/\(rawValue)" }

    /// Header names, lower-cased (HTTP field names are case-insensitive).
    enum Header {
        static let githubSignature = "x-hub-signature-256"
        static let githubEvent = "x-github-event"
        static let githubDelivery = "x-github-delivery"
        static let giteaSignature = "x-gitea-signature"
        static let forgejoSignature = "x-forgejo-signature"
        static let giteaEvent = "x-gitea-event"
        static let forgejoEvent = "x-forgejo-event"
        static let giteaDelivery = "x-gitea-delivery"
        static let forgejoDelivery = "x-forgejo-delivery"
        static let gitlabToken = "x-gitlab-token"
        static let gitlabEvent = "x-gitlab-event"
        static let gitlabEventUUID = "x-gitlab-event-uuid"
        static let phoenixSignature = "x-phoenix-signature"
        static let phoenixEvent = "x-phoenix-event"
        static let phoenixDelivery = "x-phoenix-delivery"
    }

    /// The header that proves the request's origin.
    var signatureHeaders: [String] {
        switch self {
        case .github: [Header.githubSignature]
        case .gitea: [Header.giteaSignature, Header.forgejoSignature]
        case .gitlab: [Header.gitlabToken]
        case .generic: [Header.phoenixSignature]
        }
    }

    /// The header that names the event.
    var eventHeaders: [String] {
        switch self {
        case .github: [Header.githubEvent]
        case .gitea: [Header.giteaEvent, Header.forgejoEvent]
        case .gitlab: [Header.gitlabEvent]
        case .generic: [Header.phoenixEvent]
        }
    }

    /// The header that carries the sender's delivery id.
    var deliveryHeaders: [String] {
        switch self {
        case .github: [Header.githubDelivery]
        case .gitea: [Header.giteaDelivery, Header.forgejoDelivery]
        case .gitlab: [Header.gitlabEventUUID]
        case .generic: [Header.phoenixDelivery]
        }
    }
}
