import Clibgit2
import Foundation

/// The state behind libgit2's remote callbacks for one fetch, clone or push: which credentials to
/// offer, how to check the host key, and what the callbacks learned (a failure of our own, secrets to
/// scrub from messages, refs the server rejected).
///
/// It is a class because libgit2 gets it as an opaque `payload` pointer. It is created, used and
/// dropped inside one locked `withRepository` closure, on one thread, and kept alive across the C
/// call with `withExtendedLifetime`, so it is never shared and needs no Sendable conformance.
final class RemoteSession {
    let url: String
    let credentials: Credentials
    let hostKey: SSHHostKeyPolicy

    /// A failure decided by our callbacks; it replaces libgit2's generic "callback returned an error".
    private(set) var failure: GitError?
    /// Secret values handed to libgit2 in this session, scrubbed from any later message.
    private(set) var secrets: [String] = []
    /// `(ref, reason)` for every ref the server refused during a push.
    private(set) var rejections: [(ref: String, reason: String)] = []
    private var offered = false

    init(url: String, credentials: Credentials, hostKey: SSHHostKeyPolicy) {
        self.url = url
        self.credentials = credentials
        self.hostKey = hostKey
    }

    /// Fills in the callbacks and the payload pointer. `self` must outlive every libgit2 call using them.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, usernameFromURL, allowedTypes, payload in
            guard let out, let payload else { return GIT_EUSER.rawValue }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.acquireCredential(
                out, usernameFromURL: usernameFromURL.map { String(cString: $0) }, allowed: allowedTypes)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            guard let cert, let payload else { return GIT_PASSTHROUGH.rawValue }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.checkCertificate(cert, host: host.map { String(cString: $0) } ?? "?")
        }
        callbacks.push_update_reference = { refname, status, payload in
            guard let payload, let status else { return 0 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            // The strings are only valid during the callback: copy them now.
            session.rejections.append((refname.map { String(cString: $0) } ?? "?", String(cString: status)))
            return 0
        }
    }

    /// Throws for a negative return code, preferring the error our callbacks recorded.
    func check(_ rc: Int32, function: String) throws(GitError) {
        guard rc < 0 else { return }
        if let failure { throw failure }
        let error = GitError.lastError(rc, function: function, redacting: secrets)
        // libssh2 failures arrive as a generic -1 of class ssh; recognise "failed to authenticate".
        if error.code != .auth, error.message.localizedCaseInsensitiveContains("authenticat") {
            throw GitError(.auth, error.message, function: function, errorClass: error.errorClass)
        }
        // A refused or failed connection surfaces as a generic OS-class error; on a remote it is the network.
        if case .other = error.code, UInt32(error.errorClass) == GIT_ERROR_OS.rawValue {
            throw GitError(.network, error.message, function: function, errorClass: error.errorClass)
        }
        throw error
    }

    // MARK: - Callbacks

    private func acquireCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, usernameFromURL: String?, allowed: UInt32
    ) -> Int32 {
        let plan = CredentialPlan.make(
            for: credentials, allowed: AllowedCredentialTypes(rawValue: allowed), usernameFromURL: usernameFromURL,
            url: url, alreadyOffered: offered, environment: ProcessInfo.processInfo.environment,
            readFile: { try? String(contentsOfFile: $0, encoding: .utf8) },
            fileExists: { FileManager.default.isReadableFile(atPath: $0) })
        switch plan {
        case .username(let username):
            return git_credential_username_new(out, username)
        case .sshKey(let username, let publicKeyPath, let privateKeyPath, let passphrase):
            offered = true
            if let passphrase { secrets.append(passphrase.value) }
            return git_credential_ssh_key_new(out, username, publicKeyPath, privateKeyPath, passphrase?.value)
        case .sshAgent(let username):
            offered = true
            return git_credential_ssh_key_from_agent(out, username)
        case .userPass(let username, let password):
            offered = true
            secrets.append(password.value)
            return git_credential_userpass_plaintext_new(out, username, password.value)
        case .fail(let error):
            failure = error
            return GIT_EUSER.rawValue
        }
    }

    private func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>, host: String) -> Int32 {
        guard case .pinnedSHA256(let expected) = hostKey else { return GIT_PASSTHROUGH.rawValue }
        guard cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else { return GIT_PASSTHROUGH.rawValue }
        let actual: String? = UnsafeMutableRawPointer(cert).withMemoryRebound(to: git_cert_hostkey.self, capacity: 1) {
            hostkey in
            guard hostkey.pointee.type.rawValue & GIT_CERT_SSH_SHA256.rawValue != 0 else { return nil }
            let digest = withUnsafeBytes(of: hostkey.pointee.hash_sha256) { Data($0) }
            return Self.fingerprint(sha256: digest)
        }
        guard let actual else {
            failure = GitError(.certificate, "\(host) offered no SHA-256 host key fingerprint", function: "certificate_check")
            return GIT_ECERTIFICATE.rawValue
        }
        guard actual == expected else {
            failure = GitError(
                .certificate, "host key of \(host) is \(actual), expected \(expected)", function: "certificate_check")
            return GIT_ECERTIFICATE.rawValue
        }
        return 0
    }

    /// `SHA256:<unpadded base64>`, the form `ssh-keygen -l` prints.
    static func fingerprint(sha256 digest: Data) -> String {
        var text = digest.base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }
}
