/// The forge whose API gets commit statuses and pull-request comments.
public enum ForgeProvider: String, Sendable, Hashable, Codable, CaseIterable {
    /// GitHub or GitHub Enterprise Server (REST API v3).
    case github
    /// Gitea or Forgejo (API v1).
    case gitea
    /// GitLab, gitlab.com or self-managed (REST API v4).
    case gitlab

    /// The API base when the settings give none; nil when there is no public default (Gitea is always
    /// self-hosted).
    public var defaultAPIURL: String? {
        switch self {
        case .github: "https://api.github.com"
        case .gitlab: "https://gitlab.com/api/v4"
        case .gitea: nil
        }
    }
}
