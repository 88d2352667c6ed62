/// The four ways a test can reach a bare repository, in the order libgit2 picks its transports:
/// a plain path and file:// (libgit2's local transport), git:// (`git daemon`) and ssh:// (a loopback `sshd`).
public enum GitTransport: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `/path/to/remote.git`, as `init` and the embedded default use.
    case localPath
    /// `file:///path/to/remote.git`.
    case fileURL
    /// `git://127.0.0.1:<port>/remote.git` from a real `git daemon` with receive-pack enabled.
    case gitDaemon
    /// `ssh://<user>@127.0.0.1:<port>/path/to/remote.git` from a real OpenSSH server.
    case ssh

    /// Every transport this machine can serve (ssh:// needs `/usr/sbin/sshd`).
    public static var available: [GitTransport] {
        allCases.filter { $0 != .ssh || SSHServer.isAvailable }
    }

    /// The raw value, for test names and messages.
    public var description: String { rawValue }
}
