import PhoenixGit

/// The commit a run was for, as written in status.json (`run.source`).
public struct SourceInfo: Sendable, Hashable, Codable {
    /// The repository URL or path, with any userinfo redacted.
    public var repository: String
    /// The tracked branch.
    public var branch: String
    /// The commit (nil when the run failed before it knew one, e.g. a fetch error).
    public var commit: ObjectID?
    /// Its first line.
    public var summary: String?
    /// Its author, `Name <email>`.
    public var author: String?

    /// Creates a value.
    public init(repository: String, branch: String, commit: ObjectID? = nil, summary: String? = nil, author: String? = nil) {
        self.repository = repository
        self.branch = branch
        self.commit = commit
        self.summary = summary
        self.author = author
    }
}
