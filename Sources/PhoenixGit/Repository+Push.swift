import Clibgit2

extension Repository {
    /// Pushes `refspecs` (e.g. `refs/heads/phoenix-status:refs/heads/phoenix-status`; a leading `+` forces)
    /// to the remote at `remoteURL`.
    ///
    /// This does not compare the remote ref's old value on local-path and file:// remotes (libgit2's local
    /// transport overwrites it), so a concurrent writer can be lost there; where another writer may race, use
    /// ``push(updates:to:credentials:hostKey:)``, the compare-and-swap form.
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
            try Self.pushRefspecs(repo, refspecs, url: remoteURL, credentials: credentials, hostKey: hostKey)
        }
    }
}
