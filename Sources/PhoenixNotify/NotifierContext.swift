import PhoenixEngine

/// What every message and status of one watcher shares.
public struct NotifierContext: Sendable, Hashable {
    /// The watcher's name: the status context is `phoenix-gitops/<watcher>`.
    public var watcher: String
    /// The config repository (display URL).
    public var repository: String
    /// The tracked branch.
    public var branch: String
    /// The status page.
    public var statusURL: String?

    /// Creates a context.
    public init(watcher: String, repository: String, branch: String, statusURL: String? = nil) {
        self.watcher = watcher
        self.repository = repository
        self.branch = branch
        self.statusURL = statusURL
    }

    /// `phoenix-gitops/<watcher>`.
    public var statusContext: String { "phoenix-gitops/\(watcher)" }
}
