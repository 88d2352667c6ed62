/// How the SSH server's host key is checked on ssh:// remotes.
public enum SSHHostKeyPolicy: Sendable, Hashable {
    /// libgit2's own check against `~/.ssh/known_hosts` of the user running the process
    /// (measured with Debian's libgit2 1.5.1: an unknown host key fails with ``GitError/Code/certificate``).
    case knownHosts
    /// Accept only the host key with this SHA-256 fingerprint, written as `ssh-keygen -lf key.pub`
    /// prints it (`SHA256:` followed by unpadded base64). Useful for a pinned deploy server and in tests.
    case pinnedSHA256(String)
}
