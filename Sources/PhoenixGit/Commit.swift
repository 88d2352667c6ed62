import Clibgit2

/// A commit, copied out of the object database into plain values.
public struct Commit: Sendable, Hashable {
    /// This commit's id.
    public let id: ObjectID
    /// The id of the root tree this commit records.
    public let treeID: ObjectID
    /// Parent commit ids, first parent first; empty for a root commit.
    public let parentIDs: [ObjectID]
    /// The full message, byte for byte as stored (normally ending in a newline).
    public let message: String
    /// Who wrote the change.
    public let author: Signature
    /// Who recorded the commit.
    public let committer: Signature

    /// Creates a commit value (PhoenixGit builds these from the object database; tests may build their own).
    public init(
        id: ObjectID, treeID: ObjectID, parentIDs: [ObjectID], message: String, author: Signature,
        committer: Signature
    ) {
        self.id = id
        self.treeID = treeID
        self.parentIDs = parentIDs
        self.message = message
        self.author = author
        self.committer = committer
    }

    /// The first line of the message.
    public var summary: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// Copies a borrowed `git_commit *` into a value (the caller still frees the commit).
    init(_ commit: OpaquePointer) {
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            parents.append(ObjectID(git_commit_parent_id(commit, index)))
        }
        self.init(
            id: ObjectID(git_commit_id(commit)),
            treeID: ObjectID(git_commit_tree_id(commit)),
            parentIDs: parents,
            message: git_commit_message_raw(commit).map { String(cString: $0) } ?? "",
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit)))
    }
}
