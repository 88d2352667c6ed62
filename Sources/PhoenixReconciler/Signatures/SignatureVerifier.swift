import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit

/// The commit-signature policy: with `verify: head` the commit to apply must carry a good SSH
/// signature from an allowed signer, or a good OpenPGP signature from a key in the keyring.
///
/// Verification uses the system tools on the signature and payload PhoenixGit extracts
/// (swift-libgit2-notes §8): `ssh-keygen -Y find-principals` / `-Y verify -n git` with the
/// allowed-signers file, and `gpgv --keyring`. Nothing is trusted implicitly: an unknown format, a
/// missing key file or a tool error all refuse the commit, with the reason in the verdict.
public struct SignatureVerifier: Sendable {
    /// The policy.
    public var policy: VerifyPolicy
    /// SSH allowed-signers file (`principal key-type key`), absolute or relative to the working directory.
    public var allowedSignersFile: String?
    /// GPG keyring for `gpgv`.
    public var gpgKeyring: String?
    /// Runs ssh-keygen and gpgv.
    public var runner: CommandRunner

    /// Creates a verifier.
    public init(
        policy: VerifyPolicy, allowedSignersFile: String? = nil, gpgKeyring: String? = nil,
        runner: CommandRunner = CommandRunner()
    ) {
        self.policy = policy
        self.allowedSignersFile = allowedSignersFile
        self.gpgKeyring = gpgKeyring
        self.runner = runner
    }

    /// The verifier of `settings`.
    /// - Throws: ``EngineError/configuration(_:)`` for `verify: head` with no key source, or a key file
    ///   that does not exist, so a misconfigured watcher stops at start instead of refusing every commit.
    public static func from(settings: WatcherSettings) throws -> SignatureVerifier {
        let verifier = SignatureVerifier(
            policy: settings.verify, allowedSignersFile: settings.allowedSignersFile, gpgKeyring: settings.gpgKeyring)
        guard settings.verify == .head else { return verifier }
        guard settings.allowedSignersFile != nil || settings.gpgKeyring != nil else {
            throw EngineError.configuration(
                "verify: head needs allowed_signers_file (SSH signatures) or gpg_keyring (OpenPGP signatures)")
        }
        for file in [settings.allowedSignersFile, settings.gpgKeyring].compactMap({ $0 })
        where !FileManager.default.fileExists(atPath: file) {
            throw EngineError.configuration("verify: head: key file \(file) does not exist")
        }
        return verifier
    }

    /// The verdict for `commit`; with `verify: none` always accepted.
    public func verify(_ commit: ObjectID, in repository: Repository) async -> SignatureVerdict {
        guard policy == .head else {
            return SignatureVerdict(policy: policy, accepted: true, reason: "no signature policy")
        }
        let signature: CommitSignature?
        do {
            signature = try repository.signature(of: commit)
        } catch {
            return refuse(nil, "cannot read the signature of \(commit.short): \(error.message)")
        }
        guard let signature else { return refuse(nil, "commit \(commit.short) is not signed") }
        switch signature.format {
        case .ssh: return await verifySSH(signature, commit: commit)
        case .openPGP: return await verifyOpenPGP(signature, commit: commit)
        case .x509: return refuse("x509", "commit \(commit.short) has an X.509 signature, which is not supported")
        case .unknown: return refuse("unknown", "commit \(commit.short) has a signature of an unknown format")
        }
    }

    private func refuse(_ format: String?, _ reason: String) -> SignatureVerdict {
        SignatureVerdict(policy: policy, accepted: false, format: format, reason: reason)
    }

    private func verifySSH(_ signature: CommitSignature, commit: ObjectID) async -> SignatureVerdict {
        guard let allowed = allowedSignersFile else {
            return refuse("ssh", "commit \(commit.short) has an SSH signature but no allowed_signers_file is configured")
        }
        return await withScratch { folder in
            let signatureFile = folder.appendingPathComponent("commit.sig")
            try signature.signature.write(to: signatureFile)
            let find = try await runner.run(
                ["ssh-keygen", "-Y", "find-principals", "-f", allowed, "-s", signatureFile.path], timeout: .seconds(30))
            let principals = find.stdoutText.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            guard find.succeeded, !principals.isEmpty else {
                return refuse("ssh", "the SSH signature of \(commit.short) is not from an allowed signer")
            }
            for principal in principals {
                let check = try await runner.run(
                    ["ssh-keygen", "-Y", "verify", "-f", allowed, "-I", principal, "-n", "git", "-s", signatureFile.path],
                    stdin: signature.payload, timeout: .seconds(30))
                if check.succeeded {
                    return SignatureVerdict(
                        policy: policy, accepted: true, format: "ssh", signer: principal,
                        reason: "good SSH signature by \(principal)")
                }
            }
            return refuse("ssh", "the SSH signature of \(commit.short) does not verify for \(principals.joined(separator: ", "))")
        } onError: { error in
            refuse("ssh", "cannot verify the SSH signature of \(commit.short): \(error)")
        }
    }

    private func verifyOpenPGP(_ signature: CommitSignature, commit: ObjectID) async -> SignatureVerdict {
        guard let keyring = gpgKeyring else {
            return refuse("openpgp", "commit \(commit.short) has an OpenPGP signature but no gpg_keyring is configured")
        }
        let absoluteKeyring = URL(fileURLWithPath: keyring).standardizedFileURL.path
        return await withScratch { folder in
            let signatureFile = folder.appendingPathComponent("commit.asc")
            let payloadFile = folder.appendingPathComponent("commit.payload")
            try signature.signature.write(to: signatureFile)
            try signature.payload.write(to: payloadFile)
            let home = folder.appendingPathComponent("gnupg", isDirectory: true)
            try FileManager.default.createDirectory(
                at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let check = try await runner.run(
                ["gpgv", "--keyring", absoluteKeyring, signatureFile.path, payloadFile.path],
                environment: ["GNUPGHOME": home.path, "LC_ALL": "C"], timeout: .seconds(30))
            guard check.succeeded else {
                return refuse("openpgp", "the OpenPGP signature of \(commit.short) does not verify against the keyring")
            }
            let signer = Self.gpgSigner(check.stderrText)
            return SignatureVerdict(
                policy: policy, accepted: true, format: "openpgp", signer: signer,
                reason: "good OpenPGP signature" + (signer.map { " by \($0)" } ?? ""))
        } onError: { error in
            refuse("openpgp", "cannot verify the OpenPGP signature of \(commit.short): \(error)")
        }
    }

    /// `Good signature from "Alice <alice@example.org>"` → `Alice <alice@example.org>`.
    static func gpgSigner(_ output: String) -> String? {
        guard let range = output.range(of: "Good signature from \"") else { return nil }
        let rest = output[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    private func withScratch(
        _ body: (URL) async throws -> SignatureVerdict, onError: (any Error) -> SignatureVerdict
    ) async -> SignatureVerdict {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("phoenix-verify-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return try await body(folder)
        } catch {
            return onError(error)
        }
    }
}
