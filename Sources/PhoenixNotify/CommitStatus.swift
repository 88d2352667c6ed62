/// One commit status to set on the forge.
public struct CommitStatus: Sendable, Hashable {
    /// The full commit hash.
    public var sha: String
    /// The state.
    public var state: CommitState
    /// One line (cut to 140 characters, GitHub's limit).
    public var description: String
    /// `phoenix-gitops/<watcher>`.
    public var context: String
    /// The status page, if configured.
    public var targetURL: String?

    /// The longest description GitHub accepts.
    public static let descriptionLimit = 140

    /// Creates a status; the description is cut to ``descriptionLimit`` characters.
    public init(sha: String, state: CommitState, description: String, context: String, targetURL: String? = nil) {
        self.sha = sha
        self.state = state
        self.description =
            description.count > Self.descriptionLimit ? String(description.prefix(Self.descriptionLimit - 1)) + "…" : description
        self.context = context
        self.targetURL = targetURL
    }
}
