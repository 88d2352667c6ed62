import Clibgit2

extension Repository {
    /// Pushes `refspecs` (e.g. `refs/heads/phoenix-status:refs/heads/phoenix-status`; a leading `+` forces)
    /// to the remote at `remoteURL`.
    ///
    /// libgit2 reports success even when the server refuses a ref; the per-ref status from the
    /// `push_update_reference` callback is checked here, so every refusal becomes an error.
    ///
    /// - Throws: ``GitError/Code/rejected(ref:reason:)`` when the server refused a ref (a hook declined it,
    ///   or the server forbids non-fast-forwards), ``GitError/Code/nonFastForward`` when libgit2 sees on
    ///   the client side that the push would not fast-forward, ``GitError/Code/network`` /
    ///   ``GitError/Code/auth`` for transport problems.
    public func push(
        _ refspecs: [String], to remoteURL: String, credentials: Credentials = .none,
        hostKey: SSHHostKeyPolicy = .knownHosts
    ) throws(GitError) {
        guard !refspecs.isEmpty else { throw GitError(.invalid, "nothing to push: no refspecs", function: "push") }
        try withRepository { (repo) throws(GitError) in
            let session = RemoteSession(url: remoteURL, credentials: credentials, hostKey: hostKey)
            try Self.withAnonymousRemote(repo, url: remoteURL) { (remote) throws(GitError) in
                try withExtendedLifetime(session) { () throws(GitError) in
                    var options = git_push_options()
                    try GitError.check(
                        git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)),
                        function: "git_push_options_init")
                    session.install(into: &options.callbacks)
                    try withStringArray(refspecs) { (array) throws(GitError) in
                        try session.check(git_remote_push(remote, array, &options), function: "git_remote_push")
                    }
                }
            }
            if let first = session.rejections.first {
                let all = session.rejections.map { "\($0.ref) (\($0.reason))" }.joined(separator: ", ")
                throw GitError(
                    .rejected(ref: first.ref, reason: first.reason), "\(remoteURL) rejected \(all)",
                    function: "git_remote_push")
            }
        }
    }
}
