/// How to authenticate to a remote. Only *where* a secret lives is stored here (a file path or an
/// environment variable name); the secret itself is read inside libgit2's credential callback, at the
/// moment the server asks, and never appears in an error, a log line or a description.
public enum Credentials: Sendable, Hashable, CustomStringConvertible {
    /// No credentials (file://, git://, public https). A server that asks anyway gives ``GitError/Code/auth``.
    case none
    /// An SSH key pair on disk. The user name comes from the URL (`ssh://deploy@host/...`), else `git`.
    /// `publicKeyPath` may be nil (libssh2 derives it from the private key); `passphraseEnv` names an
    /// environment variable holding the key's passphrase, nil for an unencrypted key.
    case sshKey(privateKeyPath: String, publicKeyPath: String?, passphraseEnv: String?)
    /// Keys held by the running ssh-agent (found through `SSH_AUTH_SOCK`).
    case sshAgent
    /// HTTPS basic auth with a token as the password, read from ``SecretSource``.
    /// Typical user names: `x-access-token` (GitHub), `oauth2` (GitLab), the account name (Gitea/Forgejo).
    case httpsToken(source: SecretSource, username: String)

    /// Where a secret is read from.
    public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
        /// The value of this environment variable.
        case environment(String)
        /// The contents of this file, surrounding whitespace and newlines trimmed.
        case file(String)

        /// `env NAME` or `file PATH`: where the secret is, never the secret.
        public var description: String {
            switch self {
            case .environment(let name): return "env \(name)"
            case .file(let path): return "file \(path)"
            }
        }
    }

    /// A short kind name for messages (`none`, `ssh-key`, `ssh-agent`, `https-token`).
    public var kind: String {
        switch self {
        case .none: return "none"
        case .sshKey: return "ssh-key"
        case .sshAgent: return "ssh-agent"
        case .httpsToken: return "https-token"
        }
    }

    /// The kind and where its secret lives; never the secret.
    public var description: String {
        switch self {
        case .none, .sshAgent: return kind
        case .sshKey(let privateKey, _, let passphraseEnv):
            return "ssh-key(\(privateKey)\(passphraseEnv.map { ", passphrase from env \($0)" } ?? ""))"
        case .httpsToken(let source, let username): return "https-token(\(username), \(source))"
        }
    }
}
