/// Request and answer bodies of the forge APIs, as their documentation names the fields.
enum ForgeBodies {
    /// GitHub `POST /repos/{owner}/{repo}/statuses/{sha}` and Gitea `POST /repos/{owner}/{repo}/statuses/{sha}`.
    struct Status: Codable, Hashable {
        var state: String
        var targetURL: String?
        var description: String
        var context: String

        enum CodingKeys: String, CodingKey {
            case state, description, context
            case targetURL = "target_url"
        }
    }

    /// GitLab `POST /projects/{id}/statuses/{sha}` (`name` is the context).
    struct GitLabStatus: Codable, Hashable {
        var state: String
        var targetURL: String?
        var description: String
        var name: String

        enum CodingKeys: String, CodingKey {
            case state, description, name
            case targetURL = "target_url"
        }
    }

    /// A comment or note body (all three forges).
    struct Comment: Codable, Hashable {
        var body: String
    }

    /// A listed comment (GitHub, Gitea) or note (GitLab): its id and body.
    struct ListedComment: Decodable, Hashable {
        var id: Int
        var body: String?
    }
}
