import Foundation
import PhoenixEngine

/// The requests of one forge's REST API, exactly as documented:
///
/// | | GitHub | Gitea | GitLab |
/// |---|---|---|---|
/// | auth header | `Authorization: Bearer T` | `Authorization: token T` | `PRIVATE-TOKEN: T` |
/// | commit status | `POST /repos/{o}/{r}/statuses/{sha}` | `POST /repos/{o}/{r}/statuses/{sha}` | `POST /projects/{id}/statuses/{sha}` |
/// | list comments | `GET /repos/{o}/{r}/issues/{n}/comments` | same | `GET /projects/{id}/merge_requests/{iid}/notes` |
/// | add comment | `POST …/issues/{n}/comments` | same | `POST …/merge_requests/{iid}/notes` |
/// | edit comment | `PATCH /repos/{o}/{r}/issues/comments/{id}` | same | `PUT …/merge_requests/{iid}/notes/{id}` |
///
/// Paths are relative to the API base (`https://api.github.com`, `https://HOST/api/v1`,
/// `https://HOST/api/v4`). GitLab's project is its numeric id or its URL-encoded path.
public struct ForgeAPI: Sendable {
    /// The forge.
    public var provider: ForgeProvider
    /// The API base, without a trailing slash.
    public var baseURL: String
    /// `owner/name`, or GitLab's project path or id.
    public var repository: String
    private let token: String

    /// The API of `settings`, authenticating with `token`.
    public init(settings: ForgeSettings, token: String) {
        self.init(
            provider: settings.provider, baseURL: settings.resolvedAPIURL ?? "", repository: settings.repository,
            token: token)
    }

    /// An API at `baseURL`.
    public init(provider: ForgeProvider, baseURL: String, repository: String, token: String) {
        self.provider = provider
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.repository = repository
        self.token = token
    }

    /// The token, for masking it wherever text from an answer could echo it.
    var secret: String { token }

    /// The authentication and content-negotiation headers of every request.
    public var headers: [OutboundRequest.Header] {
        switch provider {
        case .github:
            [
                .init("Accept", "application/vnd.github+json"), .init("X-GitHub-Api-Version", "2022-11-28"),
                .init("Authorization", "Bearer \(token)", secret: true),
            ]
        case .gitea:
            [.init("Accept", "application/json"), .init("Authorization", "token \(token)", secret: true)]
        case .gitlab:
            [.init("Accept", "application/json"), .init("PRIVATE-TOKEN", token, secret: true)]
        }
    }

    /// The repository part of paths: `/repos/owner/name` or `/projects/<encoded path or id>`.
    var repositoryPath: String {
        switch provider {
        case .github, .gitea:
            let parts = repository.split(separator: "/").map { Self.encode(String($0)) }
            return "/repos/" + parts.joined(separator: "/")
        case .gitlab:
            return "/projects/" + Self.encode(repository)
        }
    }

    /// Percent-encodes everything but unreserved characters (so GitLab's `group/project` becomes
    /// `group%2Fproject`, as its API requires).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The forge's word for `state`.
    public func stateWord(_ state: CommitState) -> String {
        switch (provider, state) {
        case (.gitlab, .pending): "running"
        case (.gitlab, .failure), (.gitlab, .error): "failed"
        default: state.rawValue
        }
    }

    /// The request that sets `status`.
    public func statusRequest(_ status: CommitStatus) throws -> OutboundRequest {
        let url = baseURL + repositoryPath + "/statuses/" + Self.encode(status.sha)
        switch provider {
        case .github, .gitea:
            return try .json(
                "POST", url, headers: headers,
                body: ForgeBodies.Status(
                    state: stateWord(status.state), targetURL: status.targetURL, description: status.description,
                    context: status.context))
        case .gitlab:
            return try .json(
                "POST", url, headers: headers,
                body: ForgeBodies.GitLabStatus(
                    state: stateWord(status.state), targetURL: status.targetURL, description: status.description,
                    name: status.context))
        }
    }

    /// The request listing one page (100 per page) of the comments of pull request `number`.
    public func listCommentsRequest(pullRequest number: Int, page: Int) -> OutboundRequest {
        let path: String
        switch provider {
        case .github: path = "/issues/\(number)/comments?per_page=100&page=\(page)"
        case .gitea: path = "/issues/\(number)/comments"  // not paginated: one answer lists them all
        case .gitlab: path = "/merge_requests/\(number)/notes?per_page=100&page=\(page)&sort=asc&order_by=created_at"
        }
        return OutboundRequest(method: "GET", url: baseURL + repositoryPath + path, headers: headers)
    }

    /// The request adding a comment with `body` to pull request `number`.
    public func createCommentRequest(pullRequest number: Int, body: String) throws -> OutboundRequest {
        let path = provider == .gitlab ? "/merge_requests/\(number)/notes" : "/issues/\(number)/comments"
        return try .json("POST", baseURL + repositoryPath + path, headers: headers, body: ForgeBodies.Comment(body: body))
    }

    /// The request replacing the body of comment `id` (on pull request `number` for GitLab).
    public func updateCommentRequest(pullRequest number: Int, comment id: Int, body: String) throws -> OutboundRequest {
        switch provider {
        case .github, .gitea:
            return try .json(
                "PATCH", baseURL + repositoryPath + "/issues/comments/\(id)", headers: headers,
                body: ForgeBodies.Comment(body: body))
        case .gitlab:
            return try .json(
                "PUT", baseURL + repositoryPath + "/merge_requests/\(number)/notes/\(id)", headers: headers,
                body: ForgeBodies.Comment(body: body))
        }
    }
}
