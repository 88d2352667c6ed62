import Clibgit2

/// Compares two trees entry by entry, by object id, and descends only into sub-trees whose ids differ
/// (git's own rule): the cost follows the change, not the size of the repository (issue #16).
///
/// Only the simple cases are answered here: files modified in place (same kind of entry), or only
/// added, or only deleted. Anything rename detection or a type change could affect (additions *and*
/// deletions, a file that becomes a folder or a link, a submodule) returns nil, and the caller uses
/// libgit2's full diff with git's rename detection (``RenameDetection``), so the result is always
/// the same as `git diff --name-status -M`.
enum TreeComparison {
    private struct Item {
        var id: ObjectID
        var mode: UInt32
        var isTree: Bool
    }

    private static let treeMode: UInt32 = 0o040000

    /// The changes from `old` (nil: the empty tree) to `new`, or nil when renames or type changes are possible.
    static func compare(_ repo: OpaquePointer, old: OpaquePointer?, new: OpaquePointer) throws(GitError) -> [TreeDiff.Entry]? {
        var entries: [TreeDiff.Entry] = []
        var sawAdded = false
        var sawDeleted = false
        guard try walk(repo, old: old, new: new, prefix: "", into: &entries, added: &sawAdded, deleted: &sawDeleted),
            !(sawAdded && sawDeleted)
        else { return nil }
        entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return entries
    }

    /// False when a case for the full diff was found.
    private static func walk(
        _ repo: OpaquePointer, old: OpaquePointer?, new: OpaquePointer?, prefix: String, into entries: inout [TreeDiff.Entry],
        added: inout Bool, deleted: inout Bool
    ) throws(GitError) -> Bool {
        // Both entry lists are in git's tree order: walk them side by side, so an entry whose id did not
        // change costs one comparison and makes no Swift value (no name, no hex id); with thousands of
        // stack folders that is most of a tree (issue #16: the cost follows the change).
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < oldCount || newIndex < newCount {
            let before = oldIndex < oldCount ? git_tree_entry_byindex(old, oldIndex) : nil
            let after = newIndex < newCount ? git_tree_entry_byindex(new, newIndex) : nil
            let order: Int32 =
                if let before, let after { git_tree_entry_cmp(before, after) } else { before == nil ? 1 : -1 }
            if order < 0, let before {
                oldIndex += 1
                deleted = true
                guard let entry = Entry(before), try collect(repo, entry.item, path: prefix + entry.name, adding: false, into: &entries)
                else { return false }
                continue
            }
            if order > 0, let after {
                newIndex += 1
                added = true
                guard let entry = Entry(after), try collect(repo, entry.item, path: prefix + entry.name, adding: true, into: &entries)
                else { return false }
                continue
            }
            oldIndex += 1
            newIndex += 1
            guard let before, let after else { continue }
            if git_oid_equal(git_tree_entry_id(before), git_tree_entry_id(after)) == 1
                && git_tree_entry_filemode(before) == git_tree_entry_filemode(after)
            {
                continue
            }
            guard let previous = Entry(before), let item = Entry(after) else { return false }
            let path = prefix + item.name
            switch (previous.item.isTree, item.item.isTree) {
            case (true, true):
                let oldTree = try lookup(repo, previous.item.id)
                defer { git_tree_free(oldTree) }
                let newTree = try lookup(repo, item.item.id)
                defer { git_tree_free(newTree) }
                guard try walk(repo, old: oldTree, new: newTree, prefix: path + "/", into: &entries, added: &added, deleted: &deleted)
                else { return false }
            case (false, false):
                // Regular file to regular file (an executable bit included) is a modification; a link,
                // a submodule or any other kind change is the full diff's to describe.
                guard isRegular(previous.item.mode), isRegular(item.item.mode) else { return false }
                entries.append(.init(status: .modified, path: path, oldPath: nil, oldID: previous.item.id, newID: item.item.id))
            default:
                return false
            }
        }
        return true
    }

    /// A tree entry as Swift values (made only for entries that differ).
    private struct Entry {
        var name: String
        var item: Item

        init?(_ entry: OpaquePointer) {
            guard let name = git_tree_entry_name(entry), let id = git_tree_entry_id(entry) else { return nil }
            let mode = UInt32(git_tree_entry_filemode(entry).rawValue)
            self.name = String(cString: name)
            item = Item(id: ObjectID(id.pointee), mode: mode, isTree: mode == treeMode)
        }
    }

    /// Every file of an added or deleted entry (a whole folder for a tree).
    private static func collect(
        _ repo: OpaquePointer, _ item: Item, path: String, adding: Bool, into entries: inout [TreeDiff.Entry]
    ) throws(GitError) -> Bool {
        guard item.isTree else {
            guard isRegular(item.mode) || item.mode == 0o120000 else { return false }
            entries.append(
                adding
                    ? .init(status: .added, path: path, oldPath: nil, oldID: nil, newID: item.id)
                    : .init(status: .deleted, path: path, oldPath: nil, oldID: item.id, newID: nil))
            return true
        }
        let tree = try lookup(repo, item.id)
        defer { git_tree_free(tree) }
        for (name, child) in items(tree) {
            guard try collect(repo, child, path: path + "/" + name, adding: adding, into: &entries) else { return false }
        }
        return true
    }

    private static func isRegular(_ mode: UInt32) -> Bool { mode == 0o100644 || mode == 0o100755 }

    private static func items(_ tree: OpaquePointer?) -> [String: Item] {
        guard let tree else { return [:] }
        let count = git_tree_entrycount(tree)
        var result: [String: Item] = [:]
        result.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { continue }
            let mode = UInt32(git_tree_entry_filemode(entry).rawValue)
            result[String(cString: name)] = Item(id: ObjectID(git_tree_entry_id(entry)), mode: mode, isTree: mode == treeMode)
        }
        return result
    }

    private static func lookup(_ repo: OpaquePointer, _ id: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, repo, &oid), function: "git_tree_lookup")
        guard let tree else { throw GitError(.invalid, "tree \(id.hex) not found", function: "git_tree_lookup") }
        return tree
    }
}
