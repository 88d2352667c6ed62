import Clibgit2
import Foundation

extension Repository {
    /// Writes a commit that applies `changes` (path → write or delete) to the tree of `ref`'s current tip
    /// (or to an empty tree when `ref` does not exist yet) and moves `ref` to it. HEAD, the index and
    /// any working tree are not touched, so this is safe on a repository someone is working in.
    ///
    /// Optimistic locking: the commit is written only if `ref` points at `expectedTip` (nil: `ref` must not
    /// exist), and the reference is moved with a compare-and-swap, so a concurrent writer is never overwritten.
    /// The message gets a trailing newline if it lacks one. `committer` defaults to `author`.
    ///
    /// - Returns: the new commit's id.
    /// - Throws: ``GitError/Code/tipMoved`` when `ref` is not at `expectedTip` (the ref is left as it was),
    ///   ``GitError/Code/invalid`` for a bad ref name or path.
    public func commitFiles(
        _ changes: [String: FileChange], onto ref: String, expectedTip: ObjectID?, message: String,
        author: Signature, committer: Signature? = nil
    ) throws(GitError) -> ObjectID {
        var cleaned: [(path: String, change: FileChange)] = []
        for (path, change) in changes {
            cleaned.append((try Self.normalisedPath(path, function: "commitFiles"), change))
        }
        cleaned.sort { $0.path < $1.path }
        let sortedChanges = cleaned
        return try withRepository { (repo) throws(GitError) -> ObjectID in
            try GitObjects.validateReferenceName(ref, function: "commitFiles")
            let current = try GitObjects.referenceTarget(repo, ref)
            guard current == expectedTip else {
                throw GitObjects.tipMoved(ref, expected: expectedTip, found: current, function: "commitFiles")
            }
            let base = try current.map { (tip) throws(GitError) -> OpaquePointer in try GitObjects.tree(repo, of: tip) }
            defer { git_tree_free(base) }
            let treeID = try Self.updatedTree(repo, base: base, changes: sortedChanges)
            let commitID = try GitObjects.createCommit(
                repo, tree: treeID, parents: current.map { [$0] } ?? [], message: message, author: author,
                committer: committer ?? author)
            try GitObjects.updateReference(
                repo, ref, to: commitID, expected: expectedTip, logMessage: "phoenix: commit files",
                function: "commitFiles")
            return commitID
        }
    }

    /// Writes a new commit on `ref` whose tree is exactly `sourceCommit`'s tree and whose parent is
    /// `ref`'s current tip: "restore the repository to how it was at `sourceCommit`" as a forward commit
    /// (`rollback --to`). Same optimistic locking as ``commitFiles(_:onto:expectedTip:message:author:committer:)``.
    ///
    /// - Throws: ``GitError/Code/tipMoved`` when `ref` is not at `expectedTip`, ``GitError/Code/notFound``
    ///   when `sourceCommit` does not exist.
    public func commitTree(
        of sourceCommit: ObjectID, onto ref: String, expectedTip: ObjectID?, message: String, author: Signature,
        committer: Signature? = nil
    ) throws(GitError) -> ObjectID {
        try withRepository { (repo) throws(GitError) -> ObjectID in
            try GitObjects.validateReferenceName(ref, function: "commitTree")
            let source = try GitObjects.commit(repo, sourceCommit)
            let treeID = ObjectID(git_commit_tree_id(source))
            git_commit_free(source)
            let current = try GitObjects.referenceTarget(repo, ref)
            guard current == expectedTip else {
                throw GitObjects.tipMoved(ref, expected: expectedTip, found: current, function: "commitTree")
            }
            let commitID = try GitObjects.createCommit(
                repo, tree: treeID, parents: current.map { [$0] } ?? [], message: message, author: author,
                committer: committer ?? author)
            try GitObjects.updateReference(
                repo, ref, to: commitID, expected: expectedTip, logMessage: "phoenix: commit tree",
                function: "commitTree")
            return commitID
        }
    }

    /// Builds the tree `base` + `changes` with `git_tree_create_updated` (nested paths included) and
    /// returns its id. Deleting a path that is not in `base` is skipped rather than an error.
    private static func updatedTree(
        _ repo: OpaquePointer, base: OpaquePointer?, changes: [(path: String, change: FileChange)]
    ) throws(GitError) -> ObjectID {
        var updates: [git_tree_update] = []
        var paths: [UnsafeMutablePointer<CChar>?] = []
        defer { paths.forEach { free($0) } }
        for (path, change) in changes {
            var update = git_tree_update()
            switch change {
            case .write(let data, let executable):
                update.action = GIT_TREE_UPDATE_UPSERT
                update.filemode = executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB
                update.id = try writeBlob(repo, data)
            case .delete:
                guard let base, exists(base, path) else { continue }
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            let cPath = strdup(path)
            paths.append(cPath)
            update.path = UnsafePointer(cPath)
            updates.append(update)
        }
        var treeOID = git_oid()
        if base == nil && updates.isEmpty {
            // An orphan commit with no files: write the empty tree explicitly.
            var builder: OpaquePointer?
            try GitError.check(git_treebuilder_new(&builder, repo, nil), function: "git_treebuilder_new")
            defer { git_treebuilder_free(builder) }
            try GitError.check(git_treebuilder_write(&treeOID, builder), function: "git_treebuilder_write")
            return ObjectID(treeOID)
        }
        let count = updates.count
        let rc = updates.withUnsafeBufferPointer { buffer in
            git_tree_create_updated(&treeOID, repo, base, count, buffer.baseAddress)
        }
        try GitError.check(rc, function: "git_tree_create_updated")
        return ObjectID(treeOID)
    }

    private static func writeBlob(_ repo: OpaquePointer, _ data: Data) throws(GitError) -> git_oid {
        var oid = git_oid()
        // An empty Data may have no base address; hand libgit2 a valid pointer with length 0 instead of NULL.
        let bytes = data.isEmpty ? [0] : [UInt8](data)
        let rc = bytes.withUnsafeBytes { raw in
            git_blob_create_from_buffer(&oid, repo, raw.baseAddress, data.count)
        }
        try GitError.check(rc, function: "git_blob_create_from_buffer")
        return oid
    }

    private static func exists(_ tree: OpaquePointer, _ path: String) -> Bool {
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0 else { return false }
        git_tree_entry_free(entry)
        return true
    }
}
