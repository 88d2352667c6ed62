/// The state of a commit status, in phoenix-gitops' words; ``ForgeAPI`` maps it onto each forge's.
public enum CommitState: String, Sendable, Hashable, Codable {
    /// The run is applying the commit (GitLab: `running`).
    case pending
    /// Every stage that had to run succeeded.
    case success
    /// A stage failed, or the commit was refused (invalid configuration, signature policy).
    case failure
    /// The engine failed or the run was interrupted (GitLab has no such state: `failed`).
    case error
}
