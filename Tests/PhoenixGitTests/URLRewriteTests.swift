import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

/// `url.<base>.insteadOf` and `pushInsteadOf`, applied by PhoenixGit itself (libgit2 1.5's own rewrite
/// leaks memory on every remote it creates, see `Repository+URLRewrite.swift`). Over git:// (libgit2's
/// local transport pushes to the fetch URL whatever the push URL says).
@Suite struct URLRewriteTests {
    @Test func fetchFollowsTheLongestInsteadOfAndPushPrefersPushInsteadOf() throws {
        let fixture = try GitFixture()
        let remote = try fixture.bareRemote()
        let pushTarget = try fixture.bareRemote("push-target.git")
        let daemon = try GitDaemon(basePath: fixture.scratch.url)
        defer { daemon.stop() }
        let sha = try fixture.work.commit(["config/a.json": "{}\n"], message: "one")
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let mirror = try fixture.createBare("mirror.git")
        let config = GitCLI(in: mirror.gitDirectory)
        let server = daemon.url(for: "")
        // Two rules match "phoenix:lab/remote.git"; the longer prefix wins. A rule for another prefix is ignored.
        try config.run("config", "--add", "url.\(server)nowhere/.insteadOf", "phoenix:")
        try config.run("config", "--add", "url.\(server).insteadOf", "phoenix:lab/")
        try config.run("config", "--add", "url.\(server)unused/.insteadOf", "elsewhere:")

        let fetched = try mirror.fetch(remoteURL: "phoenix:lab/remote.git", branch: "main")
        #expect(fetched.updates.first?.newID == (try oid(sha)))

        // Without a pushInsteadOf a push goes where the fetch goes; with one, there.
        let tip = try mirror.commitFiles(
            ["status.json": .write(Data("{}\n".utf8))], onto: "refs/heads/phoenix-status", expectedTip: nil,
            message: "status", author: GitFixture.author)
        try mirror.push(["refs/heads/phoenix-status:refs/heads/phoenix-status"], to: "phoenix:lab/remote.git")
        #expect(try remote.revParse("phoenix-status") == tip.hex)
        try config.run("config", "--add", "url.\(server)push-target.git.pushInsteadOf", "phoenix:lab/remote.git")
        // libgit2 keeps a repository's configuration once read: the new rule applies to a fresh open.
        let reopened = try Repository.open(at: mirror.gitDirectory)
        try reopened.push(["refs/heads/phoenix-status:refs/heads/phoenix-status"], to: "phoenix:lab/remote.git")
        #expect(try pushTarget.revParse("phoenix-status") == tip.hex)
        // ... and the fetch still goes to the insteadOf URL.
        #expect(try reopened.fetch(remoteURL: "phoenix:lab/remote.git", branch: "main").updates.isEmpty)
    }

    @Test func aURLNoRuleMatchesIsUsedAsGiven() throws {
        let fixture = try GitFixture()
        try fixture.bareRemote()
        let sha = try fixture.work.commit(["f": "1\n"], message: "one")
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let mirror = try fixture.createBare("mirror.git")
        try GitCLI(in: mirror.gitDirectory).run("config", "url.file:///nowhere/.insteadOf", "git://example.invalid/")
        let fetched = try mirror.fetch(remoteURL: fixture.fileURL("remote.git"), branch: "main")
        #expect(fetched.updates.first?.newID == (try oid(sha)))
    }
}
