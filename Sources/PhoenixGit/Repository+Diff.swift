import Clibgit2

extension Repository {
    /// The file-level changes from `from` to `to` (commit or tree ids), compared tree to tree in the
    /// object database. `from == nil` compares against the empty tree (everything is added).
    ///
    /// Rename detection is switched on explicitly (`GIT_DIFF_FIND_RENAMES`, git's default 50% threshold)
    /// so the result does not depend on any `diff.renames` config. The same changes as
    /// `git diff --name-status -M from to`; libgit2's similarity scores differ from git's, so none are exposed.
    ///
    /// Most diffs never reach libgit2's diff: ``TreeComparison`` compares the trees by id and descends only
    /// into differing sub-trees; it hands over to libgit2 when additions and deletions meet (renames).
    ///
    /// - Throws: ``GitError/Code/notFound`` when either id does not exist.
    public func diff(from: ObjectID?, to: ObjectID) throws(GitError) -> TreeDiff {
        try withRepository { (repo) throws(GitError) -> TreeDiff in
            let newTree = try GitObjects.tree(repo, of: to)
            defer { git_tree_free(newTree) }
            let oldTree = try from.map { (id) throws(GitError) -> OpaquePointer in try GitObjects.tree(repo, of: id) }
            defer { git_tree_free(oldTree) }
            // Our own comparison first: by id, descending only into sub-trees that differ. It answers
            // unless renames or type changes are possible (then libgit2's diff below does).
            if let entries = try TreeComparison.compare(repo, old: oldTree, new: newTree) {
                return TreeDiff(entries: entries)
            }

            var options = git_diff_options()
            try GitError.check(
                git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), function: "git_diff_options_init")
            var diff: OpaquePointer?
            try GitError.check(
                git_diff_tree_to_tree(&diff, repo, oldTree, newTree, &options), function: "git_diff_tree_to_tree")
            defer { git_diff_free(diff) }

            var find = git_diff_find_options()
            try GitError.check(
                git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)),
                function: "git_diff_find_options_init")
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            try GitError.check(git_diff_find_similar(diff, &find), function: "git_diff_find_similar")

            var entries: [TreeDiff.Entry] = []
            for index in 0..<git_diff_num_deltas(diff) {
                guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
                if let entry = Self.entry(delta) { entries.append(entry) }
            }
            return TreeDiff(entries: entries)
        }
    }

    private static func entry(_ delta: git_diff_delta) -> TreeDiff.Entry? {
        let oldPath = delta.old_file.path.map { String(cString: $0) } ?? ""
        let newPath = delta.new_file.path.map { String(cString: $0) } ?? oldPath
        let oldID = ObjectID(delta.old_file.id)
        let newID = ObjectID(delta.new_file.id)
        switch delta.status {
        case GIT_DELTA_ADDED:
            return .init(status: .added, path: newPath, oldPath: nil, oldID: nil, newID: newID)
        case GIT_DELTA_DELETED:
            return .init(status: .deleted, path: oldPath, oldPath: nil, oldID: oldID, newID: nil)
        case GIT_DELTA_MODIFIED:
            return .init(status: .modified, path: newPath, oldPath: nil, oldID: oldID, newID: newID)
        case GIT_DELTA_RENAMED:
            return .init(status: .renamed, path: newPath, oldPath: oldPath, oldID: oldID, newID: newID)
        case GIT_DELTA_TYPECHANGE:
            return .init(status: .typeChanged, path: newPath, oldPath: nil, oldID: oldID, newID: newID)
        case GIT_DELTA_COPIED:
            // Copy detection is off; should libgit2 still report one, the new path is an addition.
            return .init(status: .added, path: newPath, oldPath: nil, oldID: nil, newID: newID)
        default:
            // Unmodified, ignored, untracked, unreadable and conflicted do not occur tree to tree.
            return nil
        }
    }
}
