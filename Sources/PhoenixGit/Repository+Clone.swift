import Clibgit2
public import Foundation

extension Repository {
    /// Creates a bare mirror of the remote at `url` in `destination`, like `git clone --mirror`: every
    /// remote ref is copied to the same local name (`+refs/*:refs/*`), HEAD follows the remote's default
    /// branch, and a remote `origin` with `mirror = true` is configured.
    ///
    /// Later ``fetch(remoteURL:branch:into:credentials:hostKey:)`` calls keep the tracked branch in
    /// `refs/remotes/origin/<branch>` by default, apart from the mirrored `refs/heads/*`.
    /// On failure the half-made destination is removed (only if this call created it).
    ///
    /// - Throws: ``GitError/Code/exists`` when `destination` already exists and is not an empty folder;
    ///   the transport errors of a fetch.
    public static func cloneMirror(
        from url: String, to destination: URL, credentials: Credentials = .none, hostKey: SSHHostKeyPolicy = .knownHosts
    ) throws(GitError) -> Repository {
        let fileManager = FileManager.default
        let existed = fileManager.fileExists(atPath: destination.path)
        if existed, let contents = try? fileManager.contentsOfDirectory(atPath: destination.path), !contents.isEmpty {
            throw GitError(.exists, "clone destination \(destination.path) is not empty", function: "cloneMirror")
        }
        let repository = try create(at: destination, bare: true)
        do {
            try repository.mirrorFetch(url: url, credentials: credentials, hostKey: hostKey)
            return repository
        } catch {
            if !existed { try? fileManager.removeItem(at: destination) }
            throw error
        }
    }

    private func mirrorFetch(url: String, credentials: Credentials, hostKey: SSHHostKeyPolicy) throws(GitError) {
        try withRepository { (repo) throws(GitError) in
            var remote: OpaquePointer?
            let rc = git_remote_create_with_fetchspec(&remote, repo, "origin", url, "+refs/*:refs/*")
            if rc < 0 {
                let error = GitError.lastError(rc, function: "git_remote_create_with_fetchspec")
                throw GitError(.invalid, "invalid remote URL \(url): \(error.message)", function: error.function)
            }
            defer { git_remote_free(remote) }
            guard let remote else {
                throw GitError(.invalid, "invalid remote URL \(url)", function: "git_remote_create_with_fetchspec")
            }
            var config: OpaquePointer?
            try GitError.check(git_repository_config(&config, repo), function: "git_repository_config")
            defer { git_config_free(config) }
            try GitError.check(git_config_set_bool(config, "remote.origin.mirror", 1), function: "git_config_set_bool")

            let session = RemoteSession(url: url, credentials: credentials, hostKey: hostKey)
            try withExtendedLifetime(session) { () throws(GitError) in
                var callbacks = git_remote_callbacks()
                try GitError.check(
                    git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)),
                    function: "git_remote_init_callbacks")
                session.install(into: &callbacks)
                try session.check(
                    git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, nil, nil), function: "git_remote_connect")
                defer { git_remote_disconnect(remote) }
                var defaultBranch = git_buf()
                defer { git_buf_dispose(&defaultBranch) }
                // ENOTFOUND: an empty remote or one without HEAD; keep our own initial HEAD then.
                let headKnown = git_remote_default_branch(&defaultBranch, remote) == 0
                let head = headKnown && defaultBranch.ptr != nil ? String(cString: defaultBranch.ptr) : nil
                _ = try Self.download(remote, refspecs: nil, callbacks: callbacks, session: session)
                if let head {
                    var reference: OpaquePointer?
                    try GitError.check(
                        git_reference_symbolic_create(&reference, repo, "HEAD", head, 1, "phoenix: clone --mirror"),
                        function: "git_reference_symbolic_create")
                    git_reference_free(reference)
                }
            }
        }
    }
}
