import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

@Suite struct FetchTests {
    /// Pushes the work repo's main to `<scratch>/remote.git` and returns the sha.
    private func publish(_ fixture: GitFixture, _ files: [String: String?], message: String) throws -> String {
        let sha = try fixture.work.commit(files, message: message)
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        return sha
    }

    private func checkFetchCycle(_ fixture: GitFixture, url: String) throws {
        let c1 = try publish(fixture, ["config/a.json": "{}\n"], message: "one")
        let mirror = try fixture.createBare("mirror.git")

        let first = try mirror.fetch(remoteURL: url, branch: "main")
        #expect(first.updates == [.init(ref: "refs/remotes/origin/main", oldID: nil, newID: try oid(c1))])
        #expect(first.moved)
        #expect(first.receivedObjects >= 3)
        #expect(try mirror.blob(at: oid(c1), path: "config/a.json") == Data("{}\n".utf8))

        let idle = try mirror.fetch(remoteURL: url, branch: "main")
        #expect(idle.updates.isEmpty)
        #expect(!idle.moved)
        #expect(idle.receivedObjects == 0)

        let c2 = try publish(fixture, ["config/a.json": "{\"v\":2}\n"], message: "two")
        let second = try mirror.fetch(remoteURL: url, branch: "main")
        #expect(second.updates == [.init(ref: "refs/remotes/origin/main", oldID: try oid(c1), newID: try oid(c2))])
        #expect(second.receivedObjects > 0)
        #expect(try mirror.diff(from: oid(c1), to: oid(c2)).entries.map(\.path) == ["config/a.json"])

        // A force-pushed (rewritten) branch is followed, and a custom destination ref works.
        try fixture.work.run("reset", "-q", "--hard", c1)
        let c3 = try fixture.work.commit(["other": "x\n"], message: "rewrite")
        try fixture.work.run("push", "-q", "-f", fixture.scratch.path("remote.git").path, "main:main")
        let rewritten = try mirror.fetch(remoteURL: url, branch: "main")
        #expect(rewritten.updates.first?.oldID == (try oid(c2)))
        #expect(rewritten.updates.first?.newID == (try oid(c3)))
        let custom = try mirror.fetch(remoteURL: url, branch: "main", into: "refs/phoenix/tracked")
        #expect(custom.updates == [.init(ref: "refs/phoenix/tracked", oldID: nil, newID: try oid(c3))])
        #expect(custom.receivedObjects == 0)
        #expect(try GitCLI(in: mirror.gitDirectory).run("for-each-ref", "--format=%(refname)") == "refs/phoenix/tracked\nrefs/remotes/origin/main\n")
    }

    @Test func fetchesOverFileURLsAndReportsWhatMoved() throws {
        let fixture = try GitFixture()
        try fixture.bareRemote()
        try checkFetchCycle(fixture, url: fixture.fileURL("remote.git"))
    }

    @Test func fetchesOverGitDaemon() throws {
        let fixture = try GitFixture()
        try fixture.bareRemote()
        let daemon = try GitDaemon(basePath: fixture.scratch.url)
        defer { daemon.stop() }
        try checkFetchCycle(fixture, url: daemon.url(for: "remote.git"))
    }

    @Test func missingBranchAndUnreachableRemotesAreTypedErrors() throws {
        let fixture = try GitFixture()
        try fixture.bareRemote()
        _ = try publish(fixture, ["a": "1\n"], message: "one")
        let mirror = try fixture.createBare("mirror.git")

        let branch = #expect(throws: GitError.self) {
            try mirror.fetch(remoteURL: fixture.fileURL("remote.git"), branch: "no-such-branch")
        }
        #expect(branch?.code == .notFound)
        let noRepo = #expect(throws: GitError.self) {
            try mirror.fetch(remoteURL: fixture.fileURL("nothing-here.git"), branch: "main")
        }
        #expect(noRepo?.code == .network)

        let port = try #require(LoopbackPort.closed())
        let closed = #expect(throws: GitError.self) {
            try mirror.fetch(remoteURL: "git://127.0.0.1:\(port)/remote.git", branch: "main")
        }
        #expect(closed?.code == .network)

        // Userinfo in the URL and the resolved token never reach the error.
        let tokenFile = fixture.scratch.path("token")
        try Data("tok-ABC123\n".utf8).write(to: tokenFile)
        let https = #expect(throws: GitError.self) {
            try mirror.fetch(
                remoteURL: "https://deploy:hunter2@127.0.0.1:\(port)/r.git", branch: "main",
                credentials: .httpsToken(source: .file(tokenFile.path), username: "deploy"))
        }
        #expect(https?.code == .network)
        let text = https.map { "\($0) \($0.message)" } ?? ""
        #expect(!text.contains("hunter2") && !text.contains("tok-ABC123"))

        let invalid = #expect(throws: GitError.self) { try mirror.fetch(remoteURL: "", branch: "main") }
        #expect(invalid?.code == .invalid)
        #expect(try mirror.reference(named: "refs/remotes/origin/main") == nil)
    }

    @Test func clonesABareMirror() throws {
        let fixture = try GitFixture()
        let remote = try fixture.bareRemote()
        let c1 = try publish(fixture, ["a": "1\n"], message: "one")
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:refs/heads/phoenix-status")
        try fixture.work.run("tag", "v1", c1)
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "v1")
        let daemon = try GitDaemon(basePath: fixture.scratch.url)
        defer { daemon.stop() }

        for (name, url) in [("m1.git", fixture.fileURL("remote.git")), ("m2.git", daemon.url(for: "remote.git"))] {
            let mirror = try Repository.cloneMirror(from: url, to: fixture.scratch.path(name))
            #expect(mirror.isBare)
            let cli = GitCLI(in: mirror.gitDirectory)
            #expect(try GitFixture.refs(cli) == (try GitFixture.refs(remote)), "\(name)")
            #expect(try cli.run("symbolic-ref", "HEAD") == "refs/heads/main\n")
            #expect(try cli.run("config", "remote.origin.mirror") == "true\n")
            #expect(try mirror.resolve("v1") == (try oid(c1)))
            try cli.run("fsck", "--strict")
        }

        let busy = #expect(throws: GitError.self) {
            try Repository.cloneMirror(from: fixture.fileURL("remote.git"), to: fixture.workURL)
        }
        #expect(busy?.code == .exists)
        let port = try #require(LoopbackPort.closed())
        let target = fixture.scratch.path("m3.git")
        let unreachable = #expect(throws: GitError.self) {
            try Repository.cloneMirror(from: "git://127.0.0.1:\(port)/remote.git", to: target)
        }
        #expect(unreachable?.code == .network)
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }
}
