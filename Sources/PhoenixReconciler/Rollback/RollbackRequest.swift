import PhoenixEngine
/// What `phoenix-gitops rollback` asks for.
public enum RollbackRequest: Sendable, Hashable {
    /// Revert one commit (`rollback REV`): a new commit undoing exactly its changes.
    case revert(String)
    /// Restore the whole configuration as it was at a commit (`rollback --to REV`).
    case restore(String)
}
