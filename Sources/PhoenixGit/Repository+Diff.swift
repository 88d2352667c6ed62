import Clibgit2

extension Repository {
    /// The file-level changes from `from` to `to` (commit or tree ids), compared tree to tree in the
    /// object database. `from == nil` compares against the empty tree (everything is added).
    ///
    /// Renames are always detected, at git's default 50% threshold, whatever any `diff.renames`
    /// config says: the same changes as `git diff --name-status -M from to` (git 2.39). Similarity
    /// scores are not exposed.
    ///
    /// Most diffs never reach libgit2's diff: ``TreeComparison`` compares the trees by id and descends only
    /// into differing sub-trees. When additions and deletions meet, libgit2 lists the changes without
    /// rename detection and ``RenameDetection`` (git's own algorithm, ADR 0051) pairs them.
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
            return try Self.diffWithRenames(repo, old: oldTree, new: newTree)
        }
    }

    /// libgit2's tree-to-tree diff without its rename detection, then git's (``RenameDetection``).
    private static func diffWithRenames(_ repo: OpaquePointer, old: OpaquePointer?, new: OpaquePointer) throws(GitError) -> TreeDiff {
        var options = git_diff_options()
        try GitError.check(
            git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), function: "git_diff_options_init")
        // A file that becomes a link (or the reverse) is one typechange, as git's `T`, not a
        // deletion plus an addition that rename detection could pair with other files.
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var diff: OpaquePointer?
        try GitError.check(git_diff_tree_to_tree(&diff, repo, old, new, &options), function: "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }

        var entries: [TreeDiff.Entry] = []
        var sources: [RenameDetection.File] = []
        var destinations: [RenameDetection.File] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            switch delta.status {
            case GIT_DELTA_ADDED:
                destinations.append(file(delta.new_file))
            case GIT_DELTA_DELETED:
                sources.append(file(delta.old_file))
            default:
                if let entry = entry(delta) { entries.append(entry) }
            }
        }
        // git's queue is in path byte order; RenameDetection breaks ties by position in it.
        sources.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        destinations.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let renames = try RenameDetection.renames(sources: sources, destinations: destinations, blobs: RenameBlobs(repo))
        let renamedSources = Set(renames.values)
        for (index, source) in sources.enumerated() where !renamedSources.contains(index) {
            entries.append(.init(status: .deleted, path: source.path, oldPath: nil, oldID: source.id, newID: nil))
        }
        for (index, destination) in destinations.enumerated() {
            if let source = renames[index].map({ sources[$0] }) {
                entries.append(
                    .init(status: .renamed, path: destination.path, oldPath: source.path, oldID: source.id, newID: destination.id))
            } else {
                entries.append(.init(status: .added, path: destination.path, oldPath: nil, oldID: nil, newID: destination.id))
            }
        }
        // Sorted by (new) path, as libgit2 orders deltas; stable, so a deleted file keeps its place
        // before a folder added under the same name.
        let sorted = entries.enumerated().sorted { lhs, rhs in
            if lhs.element.path == rhs.element.path { return lhs.offset < rhs.offset }
            return lhs.element.path.utf8.lexicographicallyPrecedes(rhs.element.path.utf8)
        }
        return TreeDiff(entries: sorted.map(\.element))
    }

    private static func file(_ file: git_diff_file) -> RenameDetection.File {
        RenameDetection.File(
            path: file.path.map { String(cString: $0) } ?? "", id: ObjectID(file.id), mode: UInt32(file.mode))
    }

    private static func entry(_ delta: git_diff_delta) -> TreeDiff.Entry? {
        let oldPath = delta.old_file.path.map { String(cString: $0) } ?? ""
        let newPath = delta.new_file.path.map { String(cString: $0) } ?? oldPath
        let oldID = ObjectID(delta.old_file.id)
        let newID = ObjectID(delta.new_file.id)
        switch delta.status {
        case GIT_DELTA_MODIFIED:
            return .init(status: .modified, path: newPath, oldPath: nil, oldID: oldID, newID: newID)
        case GIT_DELTA_TYPECHANGE:
            return .init(status: .typeChanged, path: newPath, oldPath: nil, oldID: oldID, newID: newID)
        default:
            // Added and deleted are handled by the caller; renames and copies are not asked of libgit2;
            // unmodified, ignored, untracked, unreadable and conflicted do not occur tree to tree.
            return nil
        }
    }
}
