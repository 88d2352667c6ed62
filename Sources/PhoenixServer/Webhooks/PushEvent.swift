/// The only facts phoenix-gitops takes from a push payload: which ref moved, and (as a log hint) where to.
/// File lists in payloads are never read: they are truncated or missing on several forges, so the diff is
/// always computed locally from git.
public struct PushEvent: Sendable, Hashable {
    /// The full ref, e.g. `refs/heads/main`.
    public var ref: String
    /// The old commit id, if given.
    public var before: String?
    /// The new commit id, if given (GitLab: `checkout_sha`, else `after`).
    public var after: String?
    /// True when the push deleted the ref.
    public var deleted: Bool

    /// Creates an event.
    public init(ref: String, before: String? = nil, after: String? = nil, deleted: Bool = false) {
        self.ref = ref
        self.before = before
        self.after = after
        self.deleted = deleted
    }
}
