import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

@Suite struct SignatureTests {
    @Test func extractsAnSSHSignatureThatSSHKeygenVerifies() throws {
        let fixture = try GitFixture()
        let key = fixture.scratch.path("signing_ed25519")
        try TestProcess.check("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "signer", "-f", key.path])
        let signer = GitCLI(in: fixture.workURL, config: ["gpg.format": "ssh", "user.signingkey": key.path])
        let unsigned = try oid(signer.commit(["a": "1\n"], message: "unsigned"))
        try Data("2\n".utf8).write(to: fixture.workURL.appendingPathComponent("a"))
        try signer.run("commit", "-q", "-a", "-S", "-m", "signed")
        let signed = try oid(signer.revParse("HEAD"))
        let repo = try fixture.openWork()

        #expect(try repo.signature(of: unsigned) == nil)
        let extracted = try #require(try repo.signature(of: signed))
        #expect(extracted.format == .ssh)
        #expect(String(decoding: extracted.payload, as: UTF8.self).hasSuffix("\n\nsigned\n"))

        let publicKey = try String(contentsOf: URL(fileURLWithPath: key.path + ".pub"), encoding: .utf8)
        let allowed = fixture.scratch.path("allowed_signers")
        try Data("\(GitCLI.authorEmail) \(publicKey)".utf8).write(to: allowed)
        let signatureFile = fixture.scratch.path("commit.sig")
        try extracted.signature.write(to: signatureFile)
        let verify = ["-Y", "verify", "-f", allowed.path, "-I", GitCLI.authorEmail, "-n", "git", "-s", signatureFile.path]
        let good = try TestProcess.run("ssh-keygen", verify, input: extracted.payload)
        #expect(good.succeeded, "\(good.stderr)")
        #expect(good.stdout.contains("Good \"git\" signature"))

        var tampered = extracted.payload
        tampered.append(contentsOf: Array("x".utf8))
        #expect(try TestProcess.run("ssh-keygen", verify, input: tampered).succeeded == false)

        let missing = #expect(throws: GitError.self) {
            try repo.signature(of: ObjectID(hex: String(repeating: "5", count: 40))!)
        }
        #expect(missing?.code == .notFound)
    }
}
