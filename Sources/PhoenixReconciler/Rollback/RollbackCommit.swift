import PhoenixEngine
import PhoenixGit

/// The commit a rollback made.
public struct RollbackCommit: Sendable, Hashable {
    /// The new commit on the tracked branch.
    public var commit: ObjectID
    /// The commit reverted or restored.
    public var source: ObjectID
    /// The branch tip the new commit was built on.
    public var parent: ObjectID
    /// Whether it was pushed to the config repository.
    public var pushed: Bool
    /// Paths the new commit changes.
    public var changedPaths: [String]
    /// The new commit's first line.
    public var summary: String
}
