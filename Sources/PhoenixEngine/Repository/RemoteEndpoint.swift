import Foundation
import PhoenixGit

/// The config repository as the engine reaches it: URL or path, credentials by reference, host-key
/// policy, and a form safe to print.
public struct RemoteEndpoint: Sendable, Hashable {
    /// file://, git://, ssh://, https:// URL or a local path.
    public var url: String
    /// How to authenticate (secrets only by reference).
    public var credentials: Credentials
    /// SSH host-key check.
    public var hostKey: SSHHostKeyPolicy

    /// Creates an endpoint.
    public init(url: String, credentials: Credentials = .none, hostKey: SSHHostKeyPolicy = .knownHosts) {
        self.url = url
        self.credentials = credentials
        self.hostKey = hostKey
    }

    /// The URL with any userinfo replaced by `***`.
    public var displayURL: String { Redacted.url(url) }

    /// The endpoint of `settings`: `repo` (or the embedded `<state-dir>/config.git`) with credentials
    /// from `ssh_key_file`, `https_token_env` or `https_token_file`. The https user name is the URL's
    /// (`https://oauth2@gitlab.example/...`), else `x-access-token`.
    public static func from(settings: WatcherSettings) -> RemoteEndpoint {
        let url = settings.repo ?? settings.embeddedRepository.path
        var credentials = Credentials.none
        if let key = settings.sshKeyFile {
            credentials = .sshKey(privateKeyPath: key, publicKeyPath: nil, passphraseEnv: nil)
        } else if let env = settings.httpsTokenEnv {
            credentials = .httpsToken(source: .environment(env), username: username(in: url) ?? "x-access-token")
        } else if let file = settings.httpsTokenFile {
            credentials = .httpsToken(source: .file(file), username: username(in: url) ?? "x-access-token")
        } else if url.hasPrefix("ssh://") || (url.contains("@") && url.contains(":") && !url.contains("://")) {
            credentials = .sshAgent
        }
        return RemoteEndpoint(url: url, credentials: credentials)
    }

    private static func username(in url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return nil }
        let userinfo = rest[..<at]
        let user = userinfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return user.isEmpty ? nil : user
    }
}
