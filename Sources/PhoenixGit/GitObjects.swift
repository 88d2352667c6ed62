import Clibgit2

/// Small libgit2 building blocks shared by the `Repository` extensions. Each returns an owned
/// object that the caller frees (inside the same locked closure), or a plain value.
enum GitObjects {
    /// Looks up a commit; the caller frees it with `git_commit_free`.
    static func commit(_ repo: OpaquePointer, _ id: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var commit: OpaquePointer?
        let rc = git_commit_lookup(&commit, repo, &oid)
        if rc == GIT_ENOTFOUND.rawValue {
            throw GitError(.notFound, "commit \(id.hex) not found", function: "git_commit_lookup")
        }
        try GitError.check(rc, function: "git_commit_lookup")
        guard let commit else { throw GitError(.notFound, "commit \(id.hex) not found", function: "git_commit_lookup") }
        return commit
    }

    /// The tree of a commit, or a tree id itself; the caller frees it with `git_tree_free`.
    static func tree(_ repo: OpaquePointer, of id: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var object: OpaquePointer?
        let rc = git_object_lookup(&object, repo, &oid, GIT_OBJECT_ANY)
        if rc == GIT_ENOTFOUND.rawValue {
            throw GitError(.notFound, "object \(id.hex) not found", function: "git_object_lookup")
        }
        try GitError.check(rc, function: "git_object_lookup")
        defer { git_object_free(object) }
        var tree: OpaquePointer?
        let peeled = git_object_peel(&tree, object, GIT_OBJECT_TREE)
        if peeled < 0 {
            throw GitError(.invalid, "object \(id.hex) is not a commit or tree", function: "git_object_peel")
        }
        guard let tree else { throw GitError(.invalid, "object \(id.hex) has no tree", function: "git_object_peel") }
        return tree
    }

    /// The id a reference (or HEAD) resolves to, nil when it does not exist or is unborn.
    static func referenceTarget(_ repo: OpaquePointer, _ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, repo, name)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue { return nil }
        if rc == GIT_EINVALIDSPEC.rawValue {
            throw GitError(.invalid, "invalid reference name '\(name)'", function: "git_reference_name_to_id")
        }
        try GitError.check(rc, function: "git_reference_name_to_id")
        return ObjectID(oid)
    }

    /// Throws ``GitError/Code/invalid`` unless `name` is a valid full reference name (`refs/...` or `HEAD`).
    static func validateReferenceName(_ name: String, function: String) throws(GitError) {
        var valid: Int32 = 0
        try GitError.check(git_reference_name_is_valid(&valid, name), function: "git_reference_name_is_valid")
        guard valid != 0, name.hasPrefix("refs/") else {
            throw GitError(.invalid, "invalid reference name '\(name)' (expected a full name like refs/heads/main)", function: function)
        }
    }

    /// Points `name` at `target` only if it currently points at `expected` (nil: only if it does not exist).
    /// The compare-and-swap is done by libgit2 under the ref's lock file, so a concurrent writer
    /// (another process included) makes this fail with ``GitError/Code/tipMoved`` instead of being overwritten.
    static func updateReference(
        _ repo: OpaquePointer, _ name: String, to target: ObjectID, expected: ObjectID?, logMessage: String,
        function: String
    ) throws(GitError) {
        try validateReferenceName(name, function: function)
        let current = try referenceTarget(repo, name)
        guard current == expected else {
            throw tipMoved(name, expected: expected, found: current, function: function)
        }
        var newOID = target.oid
        var reference: OpaquePointer?
        let rc: Int32
        if let expected {
            var expectedOID = expected.oid
            rc = git_reference_create_matching(&reference, repo, name, &newOID, 1, &expectedOID, logMessage)
        } else {
            rc = git_reference_create(&reference, repo, name, &newOID, 0, logMessage)
        }
        defer { git_reference_free(reference) }
        if rc == GIT_EMODIFIED.rawValue || rc == GIT_EEXISTS.rawValue || rc == GIT_ENOTFOUND.rawValue {
            let now = (try? referenceTarget(repo, name)) ?? nil
            throw tipMoved(name, expected: expected, found: now, function: function)
        }
        try GitError.check(rc, function: expected == nil ? "git_reference_create" : "git_reference_create_matching")
    }

    static func tipMoved(_ name: String, expected: ObjectID?, found: ObjectID?, function: String) -> GitError {
        GitError(
            .tipMoved,
            "\(name) is at \(found?.hex ?? "(absent)"), expected \(expected?.hex ?? "(absent)")",
            function: function)
    }

    /// Writes a commit object (no reference is touched) and returns its id.
    static func createCommit(
        _ repo: OpaquePointer, tree treeID: ObjectID, parents: [ObjectID], message: String, author: Signature,
        committer: Signature
    ) throws(GitError) -> ObjectID {
        var treeOID = treeID.oid
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, repo, &treeOID), function: "git_tree_lookup")
        defer { git_tree_free(tree) }
        var parentCommits: [OpaquePointer?] = []
        defer { parentCommits.forEach { git_commit_free($0) } }
        for parent in parents {
            parentCommits.append(try commit(repo, parent))
        }
        let text = message.hasSuffix("\n") ? message : message + "\n"
        return try author.withGitSignature { (authorSignature) throws(GitError) -> ObjectID in
            try committer.withGitSignature { (committerSignature) throws(GitError) -> ObjectID in
                var oid = git_oid()
                let rc = parentCommits.withUnsafeMutableBufferPointer { buffer in
                    git_commit_create(
                        &oid, repo, nil, authorSignature, committerSignature, nil, text, tree, buffer.count,
                        buffer.baseAddress)
                }
                try GitError.check(rc, function: "git_commit_create")
                return ObjectID(oid)
            }
        }
    }
}
