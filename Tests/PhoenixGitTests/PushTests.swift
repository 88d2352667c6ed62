import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

@Suite struct PushTests {
    @Test func pushesAStatusBranchOverFileURLs() throws {
        let fixture = try GitFixture()
        let remote = try fixture.bareRemote()
        let repo = try fixture.createBare("local.git")
        let tip = try repo.commitFiles(
            ["status.json": .write(Data("{}\n".utf8)), "runs/a.json": .write(Data("1\n".utf8))],
            onto: "refs/heads/phoenix-status", expectedTip: nil, message: "status", author: GitFixture.author)
        try repo.push(["refs/heads/phoenix-status:refs/heads/phoenix-status"], to: fixture.fileURL("remote.git"))
        #expect(try remote.revParse("phoenix-status") == tip.hex)
        #expect(try remote.run("ls-tree", "-r", "--name-only", "phoenix-status") == "runs/a.json\nstatus.json\n")
        try remote.run("fsck", "--strict")
    }

    @Test func serverHookRejectionOverGitDaemonIsAnError() throws {
        let fixture = try GitFixture()
        let remote = try GitCLI.bareRepositoryRejectingPushes(
            at: fixture.scratch.path("guarded.git"), to: ["refs/heads/locked"], reason: "locked by policy")
        let daemon = try GitDaemon(basePath: fixture.scratch.url)
        defer { daemon.stop() }
        let repo = try fixture.createBare("local.git")
        let tip = try repo.commitFiles(
            ["f": .write(Data("1".utf8))], onto: "refs/heads/open", expectedTip: nil, message: "m", author: GitFixture.author)
        try repo.setReference(named: "refs/heads/locked", to: tip, expected: nil)

        let error = #expect(throws: GitError.self) {
            try repo.push(
                ["refs/heads/locked:refs/heads/locked", "refs/heads/open:refs/heads/open"],
                to: daemon.url(for: "guarded.git"))
        }
        guard case .rejected(let ref, let reason)? = error?.code else {
            Issue.record("expected .rejected, got \(String(describing: error))")
            return
        }
        #expect(ref == "refs/heads/locked")
        #expect(!reason.isEmpty)
        #expect(try remote.run("for-each-ref", "--format=%(refname)") == "refs/heads/open\n")
    }

    @Test func nonFastForwardPushIsAnErrorOverFileAndGit() throws {
        let fixture = try GitFixture()
        let remote = try fixture.bareRemote()
        let published = try fixture.work.commit(["a": "theirs\n"], message: "theirs")
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let daemon = try GitDaemon(basePath: fixture.scratch.url)
        defer { daemon.stop() }
        let repo = try fixture.createBare("local.git")
        let ours = try repo.commitFiles(
            ["a": .write(Data("ours\n".utf8))], onto: "refs/heads/main", expectedTip: nil, message: "ours",
            author: GitFixture.author)

        for url in [fixture.fileURL("remote.git"), daemon.url(for: "remote.git")] {
            let error = #expect(throws: GitError.self, "\(url)") {
                try repo.push(["refs/heads/main:refs/heads/main"], to: url)
            }
            #expect(error?.code == .nonFastForward, "\(url)")
            #expect(try remote.revParse("main") == published)
        }
        // After fetching the remote tip the client still refuses (now knowing it is not an ancestor).
        _ = try repo.fetch(remoteURL: daemon.url(for: "remote.git"), branch: "main")
        let known = #expect(throws: GitError.self) {
            try repo.push(["refs/heads/main:refs/heads/main"], to: daemon.url(for: "remote.git"))
        }
        #expect(known?.code == .nonFastForward)
        // Forcing is explicit.
        try repo.push(["+refs/heads/main:refs/heads/main"], to: daemon.url(for: "remote.git"))
        #expect(try remote.revParse("main") == ours.hex)
    }

    @Test func pushToUnreachableRemoteIsANetworkError() throws {
        let fixture = try GitFixture()
        let repo = try fixture.createBare("local.git")
        _ = try repo.commitFiles(
            ["f": .write(Data())], onto: "refs/heads/main", expectedTip: nil, message: "m", author: GitFixture.author)
        let port = try #require(LoopbackPort.closed())
        let error = #expect(throws: GitError.self) {
            try repo.push(["refs/heads/main:refs/heads/main"], to: "git://127.0.0.1:\(port)/x.git")
        }
        #expect(error?.code == .network)
        let empty = #expect(throws: GitError.self) { try repo.push([], to: "git://127.0.0.1:\(port)/x.git") }
        #expect(empty?.code == .invalid)
    }
}
