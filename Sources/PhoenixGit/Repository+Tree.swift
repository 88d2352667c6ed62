import Clibgit2
public import Foundation

extension Repository {
    /// The contents of the file at `path` in `commit`'s tree, read from the object database
    /// (never from a working tree); nil when the path does not exist.
    ///
    /// - Throws: ``GitError/Code/notABlob`` when `path` is a folder, ``GitError/Code/notFound`` when
    ///   `commit` does not exist, ``GitError/Code/invalid`` for an empty or malformed path,
    ///   ``GitError/Code/limitExceeded`` when the blob is over `maxBytes` (checked from the object header,
    ///   before a byte of it is inflated).
    public func blob(at commit: ObjectID, path: String, maxBytes: Int = .max) throws(GitError) -> Data? {
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
            return try Self.blobData(repo, ObjectID(git_tree_entry_id(entry)), maxBytes: maxBytes)
        }
    }

    /// The size in bytes of the file at `path` in `commit`'s tree, read from the object header (nothing is
    /// inflated); nil when the path does not exist or is not a file.
    public func blobSize(at commit: ObjectID, path: String) throws(GitError) -> Int? {
        let clean = try Self.normalisedPath(path, function: "blobSize(at:path:)")
        return try withRepository { (repo) throws(GitError) -> Int? in
            let tree = try GitObjects.tree(repo, of: commit)
            defer { git_tree_free(tree) }
            var entry: OpaquePointer?
            let rc = git_tree_entry_bypath(&entry, tree, clean)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try GitError.check(rc, function: "git_tree_entry_bypath")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
            return try Self.objectSize(repo, ObjectID(git_tree_entry_id(entry)))
        }
    }

    /// The contents of the blob `id`.
    ///
    /// - Throws: ``GitError/Code/notFound`` when no blob has this id, ``GitError/Code/notABlob`` when the
    ///   object is not a blob, ``GitError/Code/limitExceeded`` when it is over `maxBytes` (read from the
    ///   object header: the blob is then never inflated).
    public func blob(_ id: ObjectID, maxBytes: Int = .max) throws(GitError) -> Data {
        try withRepository { (repo) throws(GitError) -> Data in
            try Self.blobData(repo, id, maxBytes: maxBytes)
        }
    }

    /// The size in bytes of the blob `id`, from its object header (nothing is inflated); nil when no
    /// object has this id.
    public func blobSize(_ id: ObjectID) throws(GitError) -> Int? {
        try withRepository { (repo) throws(GitError) -> Int? in
            try Self.objectSize(repo, id)
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
    /// The walk uses an explicit stack, so a pushed tree 20,000 folders deep costs memory, never the
    /// thread's stack (it crashed the watcher when this recursed); `maxDepth` and `maxFiles` stop it early.
    ///
    /// - Throws: ``GitError/Code/notATree`` when `folder` is a file; ``GitError/Code/tooDeep`` for a folder
    ///   more than `maxDepth` levels below `folder`; ``GitError/Code/limitExceeded`` past `maxFiles` files.
    public func files(
        at commit: ObjectID, under folder: String = "", maxDepth: Int = .max, maxFiles: Int = .max
    ) throws(GitError) -> [String: ObjectID] {
        let clean = try Self.normalisedPath(folder, function: "files(at:under:)", allowRoot: true)
        return try withRepository { (repo) throws(GitError) -> [String: ObjectID] in
            guard let tree = try Self.subtree(repo, commit: commit, folder: clean, function: "files(at:under:)") else {
                return [:]
            }
            return try Self.collectFiles(repo, root: tree, folder: clean, maxDepth: maxDepth, maxFiles: maxFiles)
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

    static func blobData(_ repo: OpaquePointer, _ id: ObjectID, maxBytes: Int = .max) throws(GitError) -> Data {
        if maxBytes < .max, let size = try objectSize(repo, id), size > maxBytes {
            throw GitError(
                .limitExceeded(path: id.hex), "blob \(id.hex) is \(size) bytes, over the limit of \(maxBytes)",
                function: "git_odb_read_header")
        }
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

    /// The size of object `id` from its header (for a packed delta, libgit2 reads only the delta's
    /// header chain), nil when it does not exist. No object content is inflated.
    static func objectSize(_ repo: OpaquePointer, _ id: ObjectID) throws(GitError) -> Int? {
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, repo), function: "git_repository_odb")
        defer { git_odb_free(odb) }
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        let rc = git_odb_read_header(&size, &type, odb, &oid)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(rc, function: "git_odb_read_header")
        return size
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

    /// The iterative walk behind ``files(at:under:maxDepth:maxFiles:)``; takes ownership of `root`.
    private static func collectFiles(
        _ repo: OpaquePointer, root: OpaquePointer, folder: String, maxDepth: Int, maxFiles: Int
    ) throws(GitError) -> [String: ObjectID] {
        var result: [String: ObjectID] = [:]
        // Owned trees still to list; whatever is left when a limit throws is freed by the defer.
        var pending: [(tree: OpaquePointer, path: String, depth: Int)] = [(root, folder, 0)]
        defer { for item in pending { git_tree_free(item.tree) } }
        while let current = pending.popLast() {
            defer { git_tree_free(current.tree) }
            for index in 0..<git_tree_entrycount(current.tree) {
                guard let entry = git_tree_entry_byindex(current.tree, index) else { continue }
                let value = entryValue(entry, folder: current.path)
                switch value.kind {
                case .blob:
                    result[value.path] = value.id
                    if result.count > maxFiles {
                        throw GitError(
                            .limitExceeded(path: folder), "more than \(maxFiles) files under '\(folder)'", function: "files(at:under:)")
                    }
                case .tree:
                    guard current.depth + 1 <= maxDepth else {
                        throw GitError(
                            .tooDeep(path: value.path),
                            "folders nested more than \(maxDepth) levels under '\(folder)'", function: "files(at:under:)")
                    }
                    var child: OpaquePointer?
                    try GitError.check(git_tree_lookup(&child, repo, git_tree_entry_id(entry)), function: "git_tree_lookup")
                    if let child { pending.append((child, value.path, current.depth + 1)) }
                case .other:
                    continue
                }
            }
        }
        return result
    }
}
