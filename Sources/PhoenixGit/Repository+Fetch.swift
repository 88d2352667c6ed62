import Clibgit2

extension Repository {
    /// The local reference ``fetch(remoteURL:branch:into:credentials:hostKey:)`` stores `branch` in by default.
    public static func trackingReference(for branch: String) -> String {
        "refs/remotes/origin/\(branch)"
    }

    /// Fetches one branch of the remote at `remoteURL` (file://, git://, ssh://, https:// or a local path)
    /// into the local reference `localRef` (default `refs/remotes/origin/<branch>`), force-updating it to
    /// whatever the remote has, and reports what moved. Tags are not fetched; no working tree, HEAD or
    /// FETCH_HEAD is touched. An idle fetch costs one ref negotiation and reports no updates.
    ///
    /// - Throws: ``GitError/Code/notFound`` when the remote has no such branch, ``GitError/Code/network``
    ///   when the remote cannot be reached, ``GitError/Code/auth`` / ``GitError/Code/certificate`` for
    ///   credential or host key problems. URLs with userinfo are redacted in every message.
    public func fetch(
        remoteURL: String, branch: String, into localRef: String? = nil, credentials: Credentials = .none,
        hostKey: SSHHostKeyPolicy = .knownHosts
    ) throws(GitError) -> FetchResult {
        let remoteRef = "refs/heads/\(branch)"
        let target = localRef ?? Self.trackingReference(for: branch)
        return try withRepository { (repo) throws(GitError) -> FetchResult in
            try GitObjects.validateReferenceName(remoteRef, function: "fetch")
            try GitObjects.validateReferenceName(target, function: "fetch")
            let before = try GitObjects.referenceTarget(repo, target)
            let session = RemoteSession(url: remoteURL, credentials: credentials, hostKey: hostKey)
            let stats = try Self.withAnonymousRemote(repo, url: remoteURL) { (remote) throws(GitError) -> (Int, Int) in
                try withExtendedLifetime(session) { () throws(GitError) -> (Int, Int) in
                    var callbacks = git_remote_callbacks()
                    try GitError.check(
                        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)),
                        function: "git_remote_init_callbacks")
                    session.install(into: &callbacks)
                    try session.check(
                        git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, nil, nil),
                        function: "git_remote_connect")
                    defer { git_remote_disconnect(remote) }
                    guard try Self.advertisedReferences(remote).contains(remoteRef) else {
                        throw GitError(
                            .notFound, "branch '\(branch)' not found on \(remoteURL)", function: "fetch")
                    }
                    return try Self.download(
                        remote, refspecs: ["+\(remoteRef):\(target)"], callbacks: callbacks, session: session)
                }
            }
            let after = try GitObjects.referenceTarget(repo, target)
            let updates = before == after ? [] : [FetchResult.RefUpdate(ref: target, oldID: before, newID: after)]
            return FetchResult(updates: updates, receivedObjects: stats.0, receivedBytes: stats.1)
        }
    }

    // MARK: - Shared remote plumbing (runs under the lock)

    /// Runs `body` with an anonymous (in-memory, unconfigured) remote for `url`, freed afterwards. The
    /// configuration's `insteadOf` / `pushInsteadOf` rewrites apply (``rewrittenURLs(_:url:)``).
    static func withAnonymousRemote<R>(
        _ repo: OpaquePointer, url: String, _ body: (OpaquePointer) throws(GitError) -> R
    ) throws(GitError) -> R {
        let urls = try rewrittenURLs(repo, url: url)
        var options = git_remote_create_options()
        try GitError.check(
            git_remote_create_options_init(&options, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION)),
            function: "git_remote_create_options_init")
        options.repository = repo
        options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue
        var remote: OpaquePointer?
        let rc = git_remote_create_with_opts(&remote, urls.fetch, &options)
        if rc < 0 {
            let error = GitError.lastError(rc, function: "git_remote_create_with_opts")
            throw GitError(.invalid, "invalid remote URL \(url): \(error.message)", function: error.function)
        }
        defer { git_remote_free(remote) }
        guard let remote else {
            throw GitError(.invalid, "invalid remote URL \(url)", function: "git_remote_create_with_opts")
        }
        if let push = urls.push {
            try GitError.check(git_remote_set_instance_pushurl(remote, push), function: "git_remote_set_instance_pushurl")
        }
        return try body(remote)
    }

    /// The reference names a connected remote advertises.
    static func advertisedReferences(_ remote: OpaquePointer) throws(GitError) -> Set<String> {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try GitError.check(git_remote_ls(&heads, &count, remote), function: "git_remote_ls")
        var names = Set<String>()
        guard let heads else { return names }
        for index in 0..<count {
            if let name = heads[index]?.pointee.name { names.insert(String(cString: name)) }
        }
        return names
    }

    /// Downloads `refspecs` (nil: the remote's configured ones) on a connected remote and updates the
    /// local refs. Returns (received objects, received bytes).
    static func download(
        _ remote: OpaquePointer, refspecs: [String]?, callbacks: git_remote_callbacks, session: RemoteSession
    ) throws(GitError) -> (Int, Int) {
        var callbacks = callbacks
        var options = git_fetch_options()
        try GitError.check(
            git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), function: "git_fetch_options_init")
        options.callbacks = callbacks
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.update_fetchhead = 0
        options.prune = GIT_FETCH_NO_PRUNE
        if let refspecs {
            try withStringArray(refspecs) { (array) throws(GitError) in
                try session.check(git_remote_download(remote, array, &options), function: "git_remote_download")
            }
        } else {
            try session.check(git_remote_download(remote, nil, &options), function: "git_remote_download")
        }
        let stats = git_remote_stats(remote)?.pointee
        try session.check(
            git_remote_update_tips(remote, &callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, "phoenix: fetch"),
            function: "git_remote_update_tips")
        return (Int(stats?.received_objects ?? 0), Int(stats?.received_bytes ?? 0))
    }
}
