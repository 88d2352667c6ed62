import Foundation
@testable import PhoenixEngine
import PhoenixGit
@testable import PhoenixReconciler
import PhoenixTesting
import Testing

/// `verify: head` with real SSH signatures made by `git commit -S` and checked by `ssh-keygen -Y`.
@Suite struct SignatureTests {
    /// An ed25519 key pair and an allowed-signers file naming it.
    struct Signer {
        let key: URL
        let allowed: URL
        let principal: String

        init(in folder: URL, name: String, principal: String) throws {
            key = folder.appendingPathComponent(name)
            try TestProcess.check("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", principal, "-f", key.path])
            let publicKey = try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8)
            allowed = folder.appendingPathComponent("\(name).allowed")
            try Data("\(principal) \(publicKey)".utf8).write(to: allowed)
            self.principal = principal
        }

        func git(in directory: URL) -> GitCLI {
            GitCLI(in: directory, config: ["gpg.format": "ssh", "user.signingkey": key.path])
        }
    }

    @Test func onlyAHeadSignedByAnAllowedSignerIsApplied() async throws {
        let fixture = try EngineFixture()
        let alice = try Signer(in: fixture.scratch.url, name: "alice", principal: "alice@example.org")
        let mallory = try Signer(in: fixture.scratch.url, name: "mallory", principal: "mallory@example.org")
        var settings = fixture.settings()
        settings.verify = .head
        settings.allowedSignersFile = alice.allowed.path
        let verifier = try SignatureVerifier.from(settings: settings)
        let reconciler = Reconciler(fixture.configuration(settings: settings, verifier: verifier))

        // Unsigned: refused, nothing applied, the reason in the status report.
        try fixture.pushBaseConfig()
        let unsigned = await reconciler.reconcile()
        #expect(unsigned.outcome == .finished(.rejected))
        #expect(unsigned.report?.signature?.reason.contains("is not signed") == true)
        #expect(fixture.targetFiles().isEmpty)
        let status = try fixture.statusJSON()
        let signature = (status["run"] as? [String: Any])?["signature"] as? [String: Any]
        #expect(signature?["accepted"] as? Bool == false)

        // Signed by a key that is not allowed: refused.
        try mallory.git(in: fixture.work.directory).run("commit", "-q", "-S", "--allow-empty", "-m", "mallory")
        try fixture.work.run("push", "-q", "origin", "HEAD:refs/heads/main")
        let wrong = await reconciler.reconcile()
        #expect(wrong.outcome == .finished(.rejected))
        #expect(wrong.report?.signature?.reason.contains("not from an allowed signer") == true)
        #expect(fixture.targetFiles().isEmpty)

        // Signed by alice: applied.
        try alice.git(in: fixture.work.directory).run("commit", "-q", "-S", "--allow-empty", "-m", "alice")
        try fixture.work.run("push", "-q", "origin", "HEAD:refs/heads/main")
        let good = await reconciler.reconcile()
        #expect(good.outcome == .finished(.succeeded))
        #expect(good.report?.signature?.signer == "alice@example.org")
        #expect(fixture.targetFiles()["/etc/phoenix-test/names.conf"] == "101 gw\n")
    }

    @Test func openPGPSignaturesAreCheckedWithGpgvAgainstTheKeyring() async throws {
        let fixture = try EngineFixture()
        let home = fixture.scratch.path("gnupg")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var environment = ProcessInfo.processInfo.environment
        environment["GNUPGHOME"] = home.path
        defer { _ = try? TestProcess.run("gpgconf", ["--kill", "gpg-agent"], environment: environment) }
        try TestProcess.check(
            "gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", "Bob <bob@example.org>", "ed25519", "sign", "never"],
            environment: environment)
        let keyring = fixture.scratch.path("trusted.gpg")
        let exported = try TestProcess.check("gpg", ["--batch", "--export", "bob@example.org"], environment: environment)
        try exported.stdoutData.write(to: keyring)

        var settings = fixture.settings()
        settings.verify = .head
        settings.gpgKeyring = keyring.path
        let reconciler = Reconciler(fixture.configuration(settings: settings, verifier: try SignatureVerifier.from(settings: settings)))
        try fixture.work.commit(TestConfig.files(), message: "unsigned base")
        let signer = GitCLI(
            in: fixture.work.directory, config: ["user.signingkey": "bob@example.org"], environment: ["GNUPGHOME": home.path])
        try signer.run("commit", "-q", "-S", "--allow-empty", "-m", "signed by bob")
        try fixture.work.run("push", "-q", "origin", "HEAD:refs/heads/main")

        let result = await reconciler.reconcile()
        #expect(result.outcome == .finished(.succeeded))
        #expect(result.report?.signature?.format == "openpgp")
        #expect(result.report?.signature?.signer == "Bob <bob@example.org>")

        // A keyring without Bob's key refuses the same commit.
        let emptyKeyring = fixture.scratch.path("empty.gpg")
        try Data().write(to: emptyKeyring)
        let strict = SignatureVerifier(policy: .head, gpgKeyring: emptyKeyring.path)
        let repository = try Repository.open(at: fixture.remote)
        let verdict = await strict.verify(try repository.resolve("main"), in: repository)
        #expect(!verdict.accepted)
        #expect(verdict.reason.contains("does not verify"))
    }

    @Test func headPolicyWithoutKeysIsAConfigurationError() throws {
        var settings = WatcherSettings()
        settings.verify = .head
        #expect(throws: EngineError.self) { try SignatureVerifier.from(settings: settings) }
        settings.allowedSignersFile = "/nonexistent/allowed_signers"
        #expect(throws: EngineError.self) { try SignatureVerifier.from(settings: settings) }
    }

    @Test func gpgSignerIsReadFromGpgvOutput() {
        let output = "gpgv: Signature made Thu\ngpgv: Good signature from \"Alice <alice@example.org>\" [unknown]\n"
        #expect(SignatureVerifier.gpgSigner(output) == "Alice <alice@example.org>")
        #expect(SignatureVerifier.gpgSigner("gpgv: BAD signature") == nil)
    }
}
