import Clibgit2
import Foundation

extension Repository {
    /// Pushes each update's local `source` to the remote's `destination`, but only where `destination`
    /// still points at the update's `expected` id: a compare-and-swap on every transport (ADR 0044).
    ///
    /// - Local paths and file:// — libgit2's local transport writes the remote ref without looking at its
    ///   old value, so it is not used: the missing objects are written into the remote's object store as a
    ///   pack, and the ref is moved in the remote repository with `git_reference_create_matching`, which
    ///   compares the old value under the ref's lock file. A ref whose lock another writer holds counts as moved.
    /// - git://, ssh://, http(s):// — the remote's advertised value is compared with `expected` on the push
    ///   connection itself; libgit2 sends that value as the old id, and git's receive-pack refuses the update
    ///   under the ref lock when the ref moved in between. The ref is read back afterwards (a second
    ///   connection) and must be the pushed id.
    ///
    /// The pushed commit must descend from `expected` (no force pushes through this method). Several updates
    /// are applied one by one, not as one transaction.
    ///
    /// - Throws: ``GitError/Code/tipMoved`` when a remote ref is not at `expected` (before the push: nothing
    ///   was sent for it) or not at the pushed id when read back (function `push verification`: another writer
    ///   moved it right after this push); ``GitError/Code/nonFastForward`` when a source does not descend from
    ///   its `expected`; ``GitError/Code/rejected(ref:reason:)`` when the server refused a ref (a hook, or
    ///   receive-pack's own old-value check); ``GitError/Code/notFound`` for a missing local source;
    ///   ``GitError/Code/network`` / ``GitError/Code/auth`` for transport problems.
    /// The argument label differs from the refspec form's so that `push([])` and array literals stay unambiguous.
    public func push(
        updates: [RefUpdate], to remoteURL: String, credentials: Credentials = .none,
        hostKey: SSHHostKeyPolicy = .knownHosts
    ) throws(GitError) {
        guard !updates.isEmpty else { throw GitError(.invalid, "nothing to push: no updates", function: "push") }
        try withRepository { (repo) throws(GitError) in
            var targets: [ObjectID] = []
            for update in updates {
                try GitObjects.validateReferenceName(update.source, function: "push")
                try GitObjects.validateReferenceName(update.destination, function: "push")
                guard let target = try GitObjects.referenceTarget(repo, update.source) else {
                    throw GitError(.notFound, "nothing to push: \(update.source) does not exist", function: "push")
                }
                try Self.requireDescendant(repo, target, of: update.expected, update: update)
                targets.append(target)
            }
            let urls = try Self.rewrittenURLs(repo, url: remoteURL)
            if let path = Self.localRepositoryPath(urls.push ?? urls.fetch) {
                try Self.compareAndSwapLocally(repo, updates, targets: targets, remotePath: path)
            } else {
                try Self.compareAndSwapOverTheWire(
                    repo, updates, targets: targets, url: remoteURL, credentials: credentials, hostKey: hostKey)
            }
        }
    }

    /// The folder of a remote that libgit2 serves with its local transport (file:// or an existing folder,
    /// the same test libgit2's transport lookup makes), nil for every network transport.
    static func localRepositoryPath(_ url: String) -> String? {
        if url.hasPrefix("file://") {
            let rest = String(url.dropFirst("file://".count))
            let path = rest.hasPrefix("localhost/") ? String(rest.dropFirst("localhost".count)) : rest
            return path.removingPercentEncoding ?? path
        }
        guard !url.contains("://") else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        return url
    }

    /// Refuses (before anything is sent) a push that would not fast-forward from `expected`.
    private static func requireDescendant(
        _ repo: OpaquePointer, _ target: ObjectID, of expected: ObjectID?, update: RefUpdate
    ) throws(GitError) {
        guard let expected, expected != target else { return }
        var commit = target.oid
        var ancestor = expected.oid
        let rc = git_graph_descendant_of(repo, &commit, &ancestor)
        // ENOTFOUND: `expected` is not even known here, so the target cannot be built on it.
        if rc == 1 { return }
        if rc < 0 && rc != GIT_ENOTFOUND.rawValue { try GitError.check(rc, function: "git_graph_descendant_of") }
        throw GitError(
            .nonFastForward, "\(update.source) (\(target.short)) does not descend from \(expected.short), "
                + "the expected tip of \(update.destination)", function: "push")
    }

    // MARK: - Local transport

    private static func compareAndSwapLocally(
        _ repo: OpaquePointer, _ updates: [RefUpdate], targets: [ObjectID], remotePath: String
    ) throws(GitError) {
        // No temporary ref in the remote: libgit2's local transport lists a repository's refs and then
        // resolves each one, so a ref deleted in between makes every concurrent reader's fetch fail.
        // The missing objects go straight into the remote's object store as one pack instead.
        let remoteGitDirectory = try Repository.open(at: URL(fileURLWithPath: remotePath)).gitDirectory
        try writePack(
            repo, including: targets, excluding: updates.compactMap(\.expected),
            into: remoteGitDirectory.appendingPathComponent("objects/pack", isDirectory: true).path)
        // Opened again after the pack is in place, so its object database sees the new objects.
        let remote = try Repository.open(at: remoteGitDirectory)
        try remote.withRepository { (remoteRepo) throws(GitError) in
            for (index, update) in updates.enumerated() {
                do throws(GitError) {
                    // The compare-and-swap: libgit2 compares the old value under the ref's lock file.
                    try GitObjects.updateReference(
                        remoteRepo, update.destination, to: targets[index], expected: update.expected,
                        logMessage: "phoenix: push", function: "push")
                } catch where error.code == .locked {
                    // Another writer holds the ref's lock right now: it is moving the ref, so ours is stale.
                    throw GitError(
                        .tipMoved, "\(update.destination) is being updated by another writer (\(error.message))",
                        function: "push")
                }
            }
        }
    }

    /// Writes the commits `including` and every object they reach that `excluding` do not, as one pack
    /// (and index) in `packFolder`. libgit2's indexer writes temporary files and renames them into place,
    /// so a concurrent reader never sees half a pack.
    private static func writePack(
        _ repo: OpaquePointer, including: [ObjectID], excluding: [ObjectID], into packFolder: String
    ) throws(GitError) {
        var builder: OpaquePointer?
        try GitError.check(git_packbuilder_new(&builder, repo), function: "git_packbuilder_new")
        defer { git_packbuilder_free(builder) }
        var walk: OpaquePointer?
        try GitError.check(git_revwalk_new(&walk, repo), function: "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        for id in including {
            var oid = id.oid
            try GitError.check(git_revwalk_push(walk, &oid), function: "git_revwalk_push")
        }
        for id in excluding {
            var oid = id.oid
            // An expected tip this repository does not have cannot be excluded; its objects are then sent too.
            _ = git_revwalk_hide(walk, &oid)
        }
        try GitError.check(git_packbuilder_insert_walk(builder, walk), function: "git_packbuilder_insert_walk")
        guard git_packbuilder_object_count(builder) > 0 else { return }
        try GitError.check(git_packbuilder_write(builder, packFolder, 0, nil, nil), function: "git_packbuilder_write")
    }

    // MARK: - Network transports

    private static func compareAndSwapOverTheWire(
        _ repo: OpaquePointer, _ updates: [RefUpdate], targets: [ObjectID], url: String, credentials: Credentials,
        hostKey: SSHHostKeyPolicy
    ) throws(GitError) {
        let refspecs = updates.map { "\($0.source):\($0.destination)" }
        try pushRefspecs(repo, refspecs, url: url, credentials: credentials, hostKey: hostKey) {
            (advertised) throws(GitError) in
            // The values checked here are the ones libgit2 sends as old ids on this same connection,
            // and receive-pack compares them again under the ref lock.
            for update in updates where advertised[update.destination] != update.expected {
                throw GitObjects.tipMoved(
                    update.destination, expected: update.expected, found: advertised[update.destination],
                    function: "push")
            }
        }
        // Read back: "ok" from the server is taken at its word, but a ref that is not where we put it
        // means the caller must not assume its commit is the tip.
        let after = try lsRemote(repo, url: url, credentials: credentials, hostKey: hostKey)
        for (index, update) in updates.enumerated() where after[update.destination] != targets[index] {
            throw GitError(
                .tipMoved, "\(update.destination) on \(url) is at \(after[update.destination]?.hex ?? "(absent)") "
                    + "after pushing \(targets[index].hex)", function: "push verification")
        }
    }

    /// Connects for a push, lets `check` see the advertised refs, then pushes `refspecs` on that connection
    /// and turns per-ref refusals into ``GitError/Code/rejected(ref:reason:)``.
    static func pushRefspecs(
        _ repo: OpaquePointer, _ refspecs: [String], url: String, credentials: Credentials, hostKey: SSHHostKeyPolicy,
        check: ([String: ObjectID]) throws(GitError) -> Void = { _ in }
    ) throws(GitError) {
        let session = RemoteSession(url: url, credentials: credentials, hostKey: hostKey)
        try withAnonymousRemote(repo, url: url) { (remote) throws(GitError) in
            try withExtendedLifetime(session) { () throws(GitError) in
                var options = git_push_options()
                try GitError.check(
                    git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), function: "git_push_options_init")
                session.install(into: &options.callbacks)
                // git_remote_push reuses a connected remote (libgit2 1.5 connect_or_reset_options), so the
                // refs advertised now are the old ids it sends.
                try session.check(
                    git_remote_connect(remote, GIT_DIRECTION_PUSH, &options.callbacks, nil, nil),
                    function: "git_remote_connect")
                defer { git_remote_disconnect(remote) }
                try check(try advertisedTargets(remote))
                try withStringArray(refspecs) { (array) throws(GitError) in
                    try session.check(git_remote_push(remote, array, &options), function: "git_remote_push")
                }
            }
        }
        if let first = session.rejections.first {
            let all = session.rejections.map { "\($0.ref) (\($0.reason))" }.joined(separator: ", ")
            throw GitError(
                .rejected(ref: first.ref, reason: first.reason), "\(url) rejected \(all)", function: "git_remote_push")
        }
    }

    /// The remote's refs and their ids, as `git ls-remote` lists them (a fresh fetch connection).
    private static func lsRemote(
        _ repo: OpaquePointer, url: String, credentials: Credentials, hostKey: SSHHostKeyPolicy
    ) throws(GitError) -> [String: ObjectID] {
        let session = RemoteSession(url: url, credentials: credentials, hostKey: hostKey)
        return try withAnonymousRemote(repo, url: url) { (remote) throws(GitError) -> [String: ObjectID] in
            try withExtendedLifetime(session) { () throws(GitError) -> [String: ObjectID] in
                var callbacks = git_remote_callbacks()
                try GitError.check(
                    git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)),
                    function: "git_remote_init_callbacks")
                session.install(into: &callbacks)
                try session.check(
                    git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, nil, nil), function: "git_remote_connect")
                defer { git_remote_disconnect(remote) }
                return try advertisedTargets(remote)
            }
        }
    }

    /// Name → id of every ref a connected remote advertises (peeled `^{}` entries and the capabilities
    /// placeholder of an empty repository left out).
    private static func advertisedTargets(_ remote: OpaquePointer) throws(GitError) -> [String: ObjectID] {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try GitError.check(git_remote_ls(&heads, &count, remote), function: "git_remote_ls")
        var targets: [String: ObjectID] = [:]
        guard let heads else { return targets }
        for index in 0..<count {
            guard let head = heads[index]?.pointee, let raw = head.name else { continue }
            let name = String(cString: raw)
            guard name.hasPrefix("refs/"), !name.hasSuffix("^{}") else { continue }
            targets[name] = ObjectID(head.oid)
        }
        return targets
    }
}
