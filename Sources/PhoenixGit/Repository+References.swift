import Clibgit2

extension Repository {
    /// Resolves a revision to a commit id: a full or short sha, a branch or tag name, `HEAD`, `HEAD~2`,
    /// `main^`, or a full `refs/...` name (anything `git rev-parse` accepts). Tags are peeled to
    /// the commit they point at.
    ///
    /// - Throws: ``GitError/Code/notFound`` for an unknown revision, ``GitError/Code/ambiguous`` for a
    ///   short sha matching several objects, ``GitError/Code/invalid`` for a malformed spec or a
    ///   revision that names no commit.
    public func resolve(_ revision: String) throws(GitError) -> ObjectID {
        try withRepository { (repo) throws(GitError) -> ObjectID in
            var object: OpaquePointer?
            let rc = git_revparse_single(&object, repo, revision)
            if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue {
                throw GitError(.notFound, "unknown revision '\(revision)'", function: "git_revparse_single")
            }
            try GitError.check(rc, function: "git_revparse_single")
            defer { git_object_free(object) }
            var commit: OpaquePointer?
            guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0 else {
                throw GitError(.invalid, "revision '\(revision)' does not name a commit", function: "git_object_peel")
            }
            defer { git_object_free(commit) }
            return ObjectID(git_object_id(commit))
        }
    }

    /// Reads a commit.
    ///
    /// - Throws: ``GitError/Code/notFound`` when no commit has this id.
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        try withRepository { (repo) throws(GitError) -> Commit in
            let commit = try GitObjects.commit(repo, id)
            defer { git_commit_free(commit) }
            return Commit(commit)
        }
    }

    /// The id a full reference name (`refs/heads/main`, `refs/remotes/origin/main`, `HEAD`) points at,
    /// following symbolic references; nil when it does not exist (or is an unborn branch).
    public func reference(named name: String) throws(GitError) -> ObjectID? {
        try withRepository { (repo) throws(GitError) -> ObjectID? in
            try GitObjects.referenceTarget(repo, name)
        }
    }

    /// Points reference `name` (full name, `refs/...`) at `target` only if it currently points at
    /// `expected`; `expected == nil` means "only if it does not exist yet".
    ///
    /// - Throws: ``GitError/Code/tipMoved`` when the reference is elsewhere (nothing is changed),
    ///   ``GitError/Code/invalid`` for a bad name, ``GitError/Code/notFound`` for an unknown target.
    public func setReference(named name: String, to target: ObjectID, expected: ObjectID?) throws(GitError) {
        try withRepository { (repo) throws(GitError) in
            try GitObjects.updateReference(
                repo, name, to: target, expected: expected, logMessage: "phoenix: set reference",
                function: "setReference")
        }
    }

    /// Points reference `name` at `target` unconditionally (creating it if needed).
    /// Prefer ``setReference(named:to:expected:)`` wherever another writer could race.
    public func forceReference(named name: String, to target: ObjectID) throws(GitError) {
        try withRepository { (repo) throws(GitError) in
            try GitObjects.validateReferenceName(name, function: "forceReference")
            var oid = target.oid
            var reference: OpaquePointer?
            let rc = git_reference_create(&reference, repo, name, &oid, 1, "phoenix: force reference")
            defer { git_reference_free(reference) }
            try GitError.check(rc, function: "git_reference_create")
        }
    }

    /// Deletes reference `name` only if it currently points at `expected`; a missing ref is not an error.
    ///
    /// - Throws: ``GitError/Code/tipMoved`` when it points elsewhere.
    public func deleteReference(named name: String, expected: ObjectID) throws(GitError) {
        try withRepository { (repo) throws(GitError) in
            try GitObjects.validateReferenceName(name, function: "deleteReference")
            var reference: OpaquePointer?
            let rc = git_reference_lookup(&reference, repo, name)
            if rc == GIT_ENOTFOUND.rawValue { return }
            try GitError.check(rc, function: "git_reference_lookup")
            defer { git_reference_free(reference) }
            let current = try GitObjects.referenceTarget(repo, name)
            guard current == expected else {
                throw GitObjects.tipMoved(name, expected: expected, found: current, function: "deleteReference")
            }
            try GitError.check(git_reference_delete(reference), function: "git_reference_delete")
        }
    }
}
