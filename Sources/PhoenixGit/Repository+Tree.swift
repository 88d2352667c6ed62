import Clibgit2
public import Foundation

extension Repository {
    /// The contents of the file at `path` in `commit`'s tree, read from the object database
    /// (never from a working tree); nil when the path does not exist.
    ///
    /// - Throws: ``GitError/Code/notABlob`` when `path` is a folder, ``GitError/Code/notFound`` when
    ///   `commit` does not exist, ``GitError/Code/invalid`` for an empty or malformed path.
    public func blob(at commit: ObjectID, path: String) throws(GitError) -> Data? {
        let clean = try Self.normalisedPath(path, function: "blob(at:path:)")
        return try withRepository { (repo) throws(GitError) -> Data? in
            let tree = try GitObjects.tree(repo, of: commit)
            defer { git_tree_free(tree) }
            var entry: OpaquePointer?
            let rc = git_tree_entry_bypath(&entry, tree, clean)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try GitError.check(rc, function: "git_tree_entry_bypath")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else {
                throw GitError(.notABlob, "'\(clean)' at \(commit.short) is not a file", function: "blob(at:path:)")
            }
            return try Self.blobData(repo, ObjectID(git_tree_entry_id(entry)))
        }
    }

    /// The contents of the blob `id`.
    ///
    /// - Throws: ``GitError/Code/notFound`` when no blob has this id, ``GitError/Code/notABlob`` when the
    ///   object is not a blob.
    public func blob(_ id: ObjectID) throws(GitError) -> Data {
        try withRepository { (repo) throws(GitError) -> Data in
            try Self.blobData(repo, id)
        }
    }

    /// The entries of the folder `folder` (`""` or `"/"` for the root) in `commit`'s tree, in git's order.
    /// A folder that does not exist gives an empty list (git cannot store an empty folder).
    ///
    /// - Throws: ``GitError/Code/notATree`` when `folder` is a file.
    public func tree(at commit: ObjectID, folder: String = "") throws(GitError) -> [TreeEntry] {
        let clean = try Self.normalisedPath(folder, function: "tree(at:folder:)", allowRoot: true)
        return try withRepository { (repo) throws(GitError) -> [TreeEntry] in
            guard let tree = try Self.subtree(repo, commit: commit, folder: clean, function: "tree(at:folder:)") else {
                return []
            }
            defer { git_tree_free(tree) }
            var entries: [TreeEntry] = []
            for index in 0..<git_tree_entrycount(tree) {
                // _byindex entries are borrowed from the tree: copy them out, do not free them.
                guard let entry = git_tree_entry_byindex(tree, index) else { continue }
                entries.append(Self.entryValue(entry, folder: clean))
            }
            return entries
        }
    }

    /// Every file (blob, including symlinks) under `folder` in `commit`'s tree, recursively,
    /// keyed by its path from the repository root. A missing folder gives an empty dictionary.
    ///
    /// - Throws: ``GitError/Code/notATree`` when `folder` is a file.
    public func files(at commit: ObjectID, under folder: String = "") throws(GitError) -> [String: ObjectID] {
        let clean = try Self.normalisedPath(folder, function: "files(at:under:)", allowRoot: true)
        return try withRepository { (repo) throws(GitError) -> [String: ObjectID] in
            guard let tree = try Self.subtree(repo, commit: commit, folder: clean, function: "files(at:under:)") else {
                return [:]
            }
            defer { git_tree_free(tree) }
            var result: [String: ObjectID] = [:]
            try Self.collectFiles(repo, tree: tree, folder: clean, into: &result)
            return result
        }
    }

    // MARK: - Helpers (run under the lock)

    /// Strips leading/trailing slashes and rejects empty, `.` and `..` components.
    static func normalisedPath(_ path: String, function: String, allowRoot: Bool = false) throws(GitError) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.isEmpty {
            if allowRoot { return "" }
            throw GitError(.invalid, "empty path", function: function)
        }
        if parts.contains(where: { $0 == "." || $0 == ".." }) || path.contains("\0") {
            throw GitError(.invalid, "invalid path '\(path)'", function: function)
        }
        return parts.joined(separator: "/")
    }

    static func blobData(_ repo: OpaquePointer, _ id: ObjectID) throws(GitError) -> Data {
        var oid = id.oid
        var object: OpaquePointer?
        let rc = git_object_lookup(&object, repo, &oid, GIT_OBJECT_ANY)
        if rc == GIT_ENOTFOUND.rawValue {
            throw GitError(.notFound, "blob \(id.hex) not found", function: "git_object_lookup")
        }
        try GitError.check(rc, function: "git_object_lookup")
        defer { git_object_free(object) }
        guard git_object_type(object) == GIT_OBJECT_BLOB else {
            throw GitError(.notABlob, "object \(id.hex) is not a blob", function: "blob(_:)")
        }
        let size = Int(git_blob_rawsize(object))
        guard size > 0, let bytes = git_blob_rawcontent(object) else { return Data() }
        return Data(bytes: bytes, count: size)
    }

    /// The tree at `folder` in `commit` (owned; caller frees), nil when the folder does not exist.
    static func subtree(_ repo: OpaquePointer, commit: ObjectID, folder: String, function: String) throws(GitError) -> OpaquePointer? {
        let root = try GitObjects.tree(repo, of: commit)
        if folder.isEmpty { return root }
        defer { git_tree_free(root) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, root, folder)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(rc, function: "git_tree_entry_bypath")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else {
            throw GitError(.notATree, "'\(folder)' at \(commit.short) is not a folder", function: function)
        }
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, repo, git_tree_entry_id(entry)), function: "git_tree_lookup")
        return tree
    }

    static func entryValue(_ entry: OpaquePointer, folder: String) -> TreeEntry {
        let name = String(cString: git_tree_entry_name(entry))
        let kind: TreeEntry.Kind
        switch git_tree_entry_type(entry) {
        case GIT_OBJECT_BLOB: kind = .blob
        case GIT_OBJECT_TREE: kind = .tree
        default: kind = .other
        }
        return TreeEntry(
            name: name,
            path: folder.isEmpty ? name : folder + "/" + name,
            kind: kind,
            id: ObjectID(git_tree_entry_id(entry)),
            mode: Int(git_tree_entry_filemode(entry).rawValue))
    }

    private static func collectFiles(
        _ repo: OpaquePointer, tree: OpaquePointer, folder: String, into result: inout [String: ObjectID]
    ) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            let value = entryValue(entry, folder: folder)
            switch value.kind {
            case .blob:
                result[value.path] = value.id
            case .tree:
                var child: OpaquePointer?
                try GitError.check(git_tree_lookup(&child, repo, git_tree_entry_id(entry)), function: "git_tree_lookup")
                defer { git_tree_free(child) }
                if let child {
                    try collectFiles(repo, tree: child, folder: value.path, into: &result)
                }
            case .other:
                continue
            }
        }
    }
}
