public import Foundation
public import PhoenixGit

/// A bare repository made reachable over one ``GitTransport``: its URL plus the credentials and host key
/// policy to use it, with the server (if any) started here and stopped by ``stop()`` or deinit.
///
/// ```swift
/// let served = try ServedRepository(scratch.path("remote.git"), over: .ssh, scratch: scratch.url)
/// try repo.push(updates, to: served.url, credentials: served.credentials, hostKey: served.hostKey)
/// ```
public final class ServedRepository: Sendable {
    /// How the repository is reached.
    public let transport: GitTransport
    /// The URL a client pushes to and fetches from.
    public let url: String
    /// Credentials for ``url`` (the ssh server's client key, else none).
    public let credentials: Credentials
    /// Host key policy for ``url`` (the ssh server's pinned fingerprint, else known hosts, which no other transport reads).
    public let hostKey: SSHHostKeyPolicy
    private let daemon: GitDaemon?
    private let sshServer: SSHServer?

    /// Serves the bare repository at `repository` over `transport`; servers get their files under `scratch`.
    public init(_ repository: URL, over transport: GitTransport, scratch: URL) throws {
        self.transport = transport
        switch transport {
        case .localPath:
            url = repository.path
            credentials = .none
            hostKey = .knownHosts
            daemon = nil
            sshServer = nil
        case .fileURL:
            url = "file://" + repository.path
            credentials = .none
            hostKey = .knownHosts
            daemon = nil
            sshServer = nil
        case .gitDaemon:
            let server = try GitDaemon(basePath: repository.deletingLastPathComponent())
            url = server.url(for: repository.lastPathComponent)
            credentials = .none
            hostKey = .knownHosts
            daemon = server
            sshServer = nil
        case .ssh:
            let keys = scratch.appendingPathComponent("ssh-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
            let server = try SSHServer(directory: keys)
            url = server.url(for: repository)
            credentials = .sshKey(
                privateKeyPath: server.clientPrivateKey.path, publicKeyPath: server.clientPublicKey.path,
                passphraseEnv: nil)
            hostKey = .pinnedSHA256(server.hostKeyFingerprint)
            daemon = nil
            sshServer = server
        }
    }

    /// Stops the server, if any. Idempotent.
    public func stop() {
        daemon?.stop()
        sshServer?.stop()
    }

    deinit {
        stop()
    }
}
