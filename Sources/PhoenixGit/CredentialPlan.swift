import Foundation

/// A secret string that never prints itself (descriptions, dumps and mirrors show `***`).
struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String
    var description: String { "***" }
    var debugDescription: String { "***" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// The credential types libgit2 says the server accepts (`git_credential_t` bit values).
struct AllowedCredentialTypes: OptionSet, Sendable, Hashable {
    let rawValue: UInt32
    static let userpassPlaintext = AllowedCredentialTypes(rawValue: 1 << 0)
    static let sshKey = AllowedCredentialTypes(rawValue: 1 << 1)
    static let sshCustom = AllowedCredentialTypes(rawValue: 1 << 2)
    static let defaultCredentials = AllowedCredentialTypes(rawValue: 1 << 3)
    static let sshInteractive = AllowedCredentialTypes(rawValue: 1 << 4)
    static let username = AllowedCredentialTypes(rawValue: 1 << 5)
    static let sshMemory = AllowedCredentialTypes(rawValue: 1 << 6)
}

/// What to answer when libgit2 asks for credentials: a pure decision, kept apart from the C callback
/// so the selection logic is testable without a server.
enum CredentialPlan: Sendable, Hashable {
    /// Answer with a user name only (libgit2's first SSH question when the URL has none).
    case username(String)
    /// Authenticate with an SSH key pair from disk.
    case sshKey(username: String, publicKeyPath: String?, privateKeyPath: String, passphrase: Secret?)
    /// Authenticate with the ssh-agent.
    case sshAgent(username: String)
    /// HTTP basic auth.
    case userPass(username: String, password: Secret)
    /// Give up with this error (wrong kind, missing secret, already rejected once).
    case fail(GitError)

    /// Decides how to answer one credential request.
    ///
    /// - Parameters:
    ///   - alreadyOffered: a real credential was already sent once in this operation; libgit2 asking again
    ///     means the server rejected it, and retrying the same secret would loop forever.
    ///   - environment: the process environment (a parameter so tests need not touch the real one).
    ///   - readFile: reads a secret file, nil when unreadable.
    ///   - fileExists: whether a key file exists.
    static func make(
        for credentials: Credentials, allowed: AllowedCredentialTypes, usernameFromURL: String?, url: String,
        alreadyOffered: Bool, environment: [String: String], readFile: (String) -> String?,
        fileExists: (String) -> Bool
    ) -> CredentialPlan {
        let location = Redaction.redactingURLUserinfo(url)
        func failure(_ message: String) -> CredentialPlan {
            .fail(GitError(.auth, message, function: "credentials"))
        }
        if alreadyOffered {
            return failure("\(location) rejected the \(credentials.kind) credentials")
        }
        let sshUser = usernameFromURL.flatMap { $0.isEmpty ? nil : $0 } ?? "git"
        switch credentials {
        case .none:
            return failure("\(location) asks for authentication, but no credentials are configured")

        case .sshKey(let privateKeyPath, let publicKeyPath, let passphraseEnv):
            if !allowed.contains(.sshKey) {
                if allowed.contains(.username) { return .username(sshUser) }
                return failure("\(location) does not accept SSH keys (credentials: \(credentials.kind))")
            }
            guard fileExists(privateKeyPath) else {
                return failure("SSH private key not found: \(privateKeyPath)")
            }
            if let publicKeyPath, !fileExists(publicKeyPath) {
                return failure("SSH public key not found: \(publicKeyPath)")
            }
            var passphrase: Secret?
            if let passphraseEnv {
                guard let value = environment[passphraseEnv], !value.isEmpty else {
                    return failure("environment variable \(passphraseEnv) (SSH key passphrase) is not set")
                }
                passphrase = Secret(value: value)
            }
            return .sshKey(
                username: sshUser, publicKeyPath: publicKeyPath, privateKeyPath: privateKeyPath, passphrase: passphrase)

        case .sshAgent:
            if !allowed.contains(.sshKey) {
                if allowed.contains(.username) { return .username(sshUser) }
                return failure("\(location) does not accept SSH keys (credentials: \(credentials.kind))")
            }
            guard let socket = environment["SSH_AUTH_SOCK"], !socket.isEmpty else {
                return failure("ssh-agent credentials configured, but SSH_AUTH_SOCK is not set")
            }
            return .sshAgent(username: sshUser)

        case .httpsToken(let source, let username):
            guard allowed.contains(.userpassPlaintext) else {
                return failure("\(location) does not accept a user name and token (credentials: \(credentials.kind))")
            }
            let token: String?
            switch source {
            case .environment(let name):
                token = environment[name]
                guard let token, !token.isEmpty else {
                    return failure("token environment variable \(name) is not set or empty")
                }
            case .file(let path):
                token = readFile(path)?.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let token, !token.isEmpty else {
                    return failure("token file \(path) is missing, unreadable or empty")
                }
            }
            return .userPass(username: username, password: Secret(value: token ?? ""))
        }
    }
}
