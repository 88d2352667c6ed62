import Clibgit2

extension Repository {
    /// Creates the commit that reverts `commit` on top of `base`, entirely in memory
    /// (`git_revert_commit` into a fresh index, `git_index_write_tree_to`): no working tree, index or HEAD
    /// is touched. When `ref` is given it is moved from `base` to the new commit with a compare-and-swap.
    ///
    /// The default message is git's: `Revert "<summary>"`, a blank line, `This reverts commit <sha>.`
    /// For a merge commit pass `mainline` (1-based parent number), as with `git revert -m`.
    ///
    /// - Returns: the revert commit's id.
    /// - Throws: ``GitError/Code/conflict(paths:)`` listing the conflicting paths (nothing is written,
    ///   no ref moves); ``GitError/Code/tipMoved`` when `ref` is not at `base`.
    public func revert(
        _ commit: ObjectID, onto base: ObjectID, author: Signature, message: String? = nil, mainline: Int = 0,
        updating ref: String? = nil
    ) throws(GitError) -> ObjectID {
        try withRepository { (repo) throws(GitError) -> ObjectID in
            if let ref {
                try GitObjects.validateReferenceName(ref, function: "revert")
                let current = try GitObjects.referenceTarget(repo, ref)
                guard current == base else {
                    throw GitObjects.tipMoved(ref, expected: base, found: current, function: "revert")
                }
            }
            let reverted = try GitObjects.commit(repo, commit)
            defer { git_commit_free(reverted) }
            let ours = try GitObjects.commit(repo, base)
            defer { git_commit_free(ours) }
            let summary = Commit(reverted).summary

            var index: OpaquePointer?
            try GitError.check(
                git_revert_commit(&index, repo, reverted, ours, UInt32(max(mainline, 0)), nil),
                function: "git_revert_commit")
            defer { git_index_free(index) }
            // libgit2 reports a conflicted revert as success; the index is the only place it shows.
            if git_index_has_conflicts(index) != 0 {
                let paths = try Self.conflictPaths(index)
                throw GitError(
                    .conflict(paths: paths),
                    "reverting \(commit.short) onto \(base.short) conflicts in: \(paths.joined(separator: ", "))",
                    function: "git_revert_commit")
            }
            var treeOID = git_oid()
            try GitError.check(git_index_write_tree_to(&treeOID, index, repo), function: "git_index_write_tree_to")

            let text = message ?? "Revert \"\(summary)\"\n\nThis reverts commit \(commit.hex).\n"
            let revertID = try GitObjects.createCommit(
                repo, tree: ObjectID(treeOID), parents: [base], message: text, author: author, committer: author)
            if let ref {
                try GitObjects.updateReference(
                    repo, ref, to: revertID, expected: base, logMessage: "phoenix: revert", function: "revert")
            }
            return revertID
        }
    }

    private static func conflictPaths(_ index: OpaquePointer?) throws(GitError) -> [String] {
        var iterator: OpaquePointer?
        try GitError.check(git_index_conflict_iterator_new(&iterator, index), function: "git_index_conflict_iterator_new")
        defer { git_index_conflict_iterator_free(iterator) }
        var paths = Set<String>()
        var ancestor: UnsafePointer<git_index_entry>?
        var ours: UnsafePointer<git_index_entry>?
        var theirs: UnsafePointer<git_index_entry>?
        while git_index_conflict_next(&ancestor, &ours, &theirs, iterator) == 0 {
            for entry in [ancestor, ours, theirs] {
                if let path = entry?.pointee.path { paths.insert(String(cString: path)) }
            }
        }
        return paths.sorted()
    }
}
