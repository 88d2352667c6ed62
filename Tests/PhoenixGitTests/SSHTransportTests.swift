import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

/// ssh:// against a real OpenSSH server on 127.0.0.1 (skipped where `sshd` is not installed).
@Suite(.enabled(if: SSHServer.isAvailable, "needs /usr/sbin/sshd (Debian openssh-server)"))
struct SSHTransportTests {
    @Test func fetchesClonesAndPushesWithAKeyFileAndPinnedHostKey() throws {
        let fixture = try GitFixture()
        let remote = try GitCLI.bareRepositoryRejectingPushes(at: fixture.scratch.path("remote.git"), to: ["refs/heads/locked"])
        let c1 = try fixture.work.commit(["a": "1\n"], message: "one")
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let keys = fixture.scratch.path("ssh")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let server = try SSHServer(directory: keys)
        defer { server.stop() }
        let url = server.url(for: fixture.scratch.path("remote.git"))
        let credentials = Credentials.sshKey(
            privateKeyPath: server.clientPrivateKey.path, publicKeyPath: server.clientPublicKey.path, passphraseEnv: nil)
        let pin = SSHHostKeyPolicy.pinnedSHA256(server.hostKeyFingerprint)

        let mirror = try fixture.createBare("mirror.git")
        let fetched = try mirror.fetch(remoteURL: url, branch: "main", credentials: credentials, hostKey: pin)
        #expect(fetched.updates.first?.newID == (try oid(c1)), "sshd log: \(server.log)")

        let clone = try Repository.cloneMirror(
            from: url, to: fixture.scratch.path("clone.git"), credentials: credentials, hostKey: pin)
        #expect(try clone.resolve("main") == (try oid(c1)))

        let tip = try mirror.commitFiles(
            ["status.json": .write(Data("{}\n".utf8))], onto: "refs/heads/phoenix-status", expectedTip: nil,
            message: "status", author: GitFixture.author)
        try mirror.push(["refs/heads/phoenix-status:refs/heads/phoenix-status"], to: url, credentials: credentials, hostKey: pin)
        #expect(try remote.revParse("phoenix-status") == tip.hex)

        // Hooks run over ssh:// too.
        try mirror.setReference(named: "refs/heads/locked", to: tip, expected: nil)
        let rejected = #expect(throws: GitError.self) {
            try mirror.push(["refs/heads/locked:refs/heads/locked"], to: url, credentials: credentials, hostKey: pin)
        }
        #expect(rejected?.code == .rejected(ref: "refs/heads/locked", reason: rejected.map { reason(of: $0) } ?? ""))
    }

    @Test func wrongHostKeyWrongKeyAndNoCredentialsAreTypedErrors() throws {
        let fixture = try GitFixture()
        try fixture.bareRemote()
        try fixture.work.commit(["a": "1\n"], message: "one")
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let keys = fixture.scratch.path("ssh")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let server = try SSHServer(directory: keys)
        defer { server.stop() }
        let url = server.url(for: fixture.scratch.path("remote.git"))
        let pin = SSHHostKeyPolicy.pinnedSHA256(server.hostKeyFingerprint)
        let mirror = try fixture.createBare("mirror.git")
        let good = Credentials.sshKey(privateKeyPath: server.clientPrivateKey.path, publicKeyPath: nil, passphraseEnv: nil)

        let wrongPin = #expect(throws: GitError.self) {
            try mirror.fetch(
                remoteURL: url, branch: "main", credentials: good,
                hostKey: .pinnedSHA256("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        }
        #expect(wrongPin?.code == .certificate)
        #expect(wrongPin?.message.contains(server.hostKeyFingerprint) == true)

        // libgit2 1.5.1 checks ~/.ssh/known_hosts by default; a freshly generated host key is in nobody's.
        let unknownHost = #expect(throws: GitError.self) {
            try mirror.fetch(remoteURL: url, branch: "main", credentials: good, hostKey: .knownHosts)
        }
        #expect(unknownHost?.code == .certificate)

        let stranger = keys.appendingPathComponent("stranger")
        try TestProcess.check("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger.path])
        let wrongKey = #expect(throws: GitError.self) {
            try mirror.fetch(
                remoteURL: url, branch: "main",
                credentials: .sshKey(privateKeyPath: stranger.path, publicKeyPath: stranger.path + ".pub", passphraseEnv: nil),
                hostKey: pin)
        }
        #expect(wrongKey?.code == .auth)

        let none = #expect(throws: GitError.self) {
            try mirror.fetch(remoteURL: url, branch: "main", credentials: .none, hostKey: pin)
        }
        #expect(none?.code == .auth)

        let missingKey = #expect(throws: GitError.self) {
            try mirror.fetch(
                remoteURL: url, branch: "main",
                credentials: .sshKey(privateKeyPath: keys.appendingPathComponent("absent").path, publicKeyPath: nil, passphraseEnv: nil),
                hostKey: pin)
        }
        #expect(missingKey?.code == .auth)
        #expect(try mirror.reference(named: "refs/remotes/origin/main") == nil)
    }

    private func reason(of error: GitError) -> String {
        if case .rejected(_, let reason) = error.code { return reason }
        return ""
    }
}
