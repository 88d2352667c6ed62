import Foundation
import PhoenixGit
import PhoenixTesting
import Synchronization
import Testing

/// `push(updates:)` is a compare-and-swap on every transport (ADR 0044): a stale expected value is
/// refused and the remote ref stays where the other writer put it, checked with the git CLI as an
/// independent peer.
@Suite struct CompareAndSwapPushTests {
    @Test(arguments: GitTransport.available)
    func aStaleExpectedValueIsRefusedAndTheRemoteIsUnchanged(_ transport: GitTransport) throws {
        let fixture = try GitFixture()
        let remote = try fixture.bareRemote()
        let base = try oid(try fixture.work.commit(["a": "base\n"], message: "base"))
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let served = try ServedRepository(fixture.scratch.path("remote.git"), over: transport, scratch: fixture.scratch.url)
        defer { served.stop() }
        let repo = try fixture.createBare("local.git")
        _ = try repo.fetch(remoteURL: served.url, branch: "main", credentials: served.credentials, hostKey: served.hostKey)
        try repo.setReference(named: "refs/heads/main", to: base, expected: nil)
        _ = try repo.commitFiles(
            ["a": .write(Data("ours\n".utf8))], onto: "refs/heads/main", expectedTip: base, message: "ours",
            author: GitFixture.author)
        // Another writer gets there first, after our commit was built on `base`.
        let theirs = try fixture.work.commit(["a": "theirs\n"], message: "theirs")
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let before = try GitFixture.refs(remote)

        let stale = #expect(throws: GitError.self, "\(transport)") {
            try repo.push(
                updates: [RefUpdate(source: "refs/heads/main", destination: "refs/heads/main", expected: base)], to: served.url,
                credentials: served.credentials, hostKey: served.hostKey)
        }
        #expect(stale?.code == .tipMoved, "\(transport): \(String(describing: stale))")
        #expect(try remote.revParse("main") == theirs)
        // "Must not exist yet" is refused for an existing ref too.
        let exists = #expect(throws: GitError.self, "\(transport)") {
            try repo.push(
                updates: [RefUpdate(source: "refs/heads/main", destination: "refs/heads/main", expected: nil)], to: served.url,
                credentials: served.credentials, hostKey: served.hostKey)
        }
        #expect(exists?.code == .tipMoved, "\(transport): \(String(describing: exists))")
        // Nothing changed, and no temporary ref was left behind.
        #expect(try GitFixture.refs(remote) == before)

        // Rebuilt on the current tip, the same push goes through, and a new ref can be created.
        _ = try repo.fetch(remoteURL: served.url, branch: "main", credentials: served.credentials, hostKey: served.hostKey)
        let current = try oid(theirs)
        try repo.forceReference(named: "refs/heads/main", to: current)
        let rebuilt = try repo.commitFiles(
            ["a": .write(Data("ours again\n".utf8))], onto: "refs/heads/main", expectedTip: current,
            message: "ours again", author: GitFixture.author)
        try repo.push(
            updates: [
                RefUpdate(source: "refs/heads/main", destination: "refs/heads/main", expected: current),
                RefUpdate(source: "refs/heads/main", destination: "refs/heads/created", expected: nil),
            ], to: served.url, credentials: served.credentials, hostKey: served.hostKey)
        #expect(try remote.revParse("main") == rebuilt.hex)
        #expect(try remote.revParse("created") == rebuilt.hex)
        #expect(try remote.run("for-each-ref", "--format=%(refname)") == "refs/heads/created\nrefs/heads/main\n")
        _ = try remote.run("fsck", "--strict")
    }

    @Test func aPushThatDoesNotDescendFromTheExpectedTipIsRefusedBeforeAnythingIsSent() throws {
        let fixture = try GitFixture()
        let remote = try fixture.bareRemote()
        let base = try oid(try fixture.work.commit(["a": "base\n"], message: "base"))
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let repo = try fixture.createBare("local.git")
        _ = try repo.fetch(remoteURL: fixture.fileURL("remote.git"), branch: "main")
        // An unrelated root commit: replacing `base` with it would be a force push.
        _ = try repo.commitFiles(
            ["b": .write(Data("root\n".utf8))], onto: "refs/heads/other", expectedTip: nil, message: "root",
            author: GitFixture.author)
        let error = #expect(throws: GitError.self) {
            try repo.push(
                updates: [RefUpdate(source: "refs/heads/other", destination: "refs/heads/main", expected: base)],
                to: fixture.fileURL("remote.git"))
        }
        #expect(error?.code == .nonFastForward)
        #expect(try remote.revParse("main") == base.hex)
        #expect(try remote.run("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
    }

    @Test(arguments: GitTransport.available)
    func twoPushersRacingFromOneTipExactlyOneWins(_ transport: GitTransport) throws {
        let fixture = try GitFixture()
        let remote = try fixture.bareRemote()
        try fixture.work.commit(["a": "base\n"], message: "base")
        try fixture.work.run("push", "-q", fixture.scratch.path("remote.git").path, "main:main")
        let served = try ServedRepository(fixture.scratch.path("remote.git"), over: transport, scratch: fixture.scratch.url)
        defer { served.stop() }
        let pushers = try ["alpha", "beta"].map { try fixture.createBare("\($0).git") }
        for round in 0..<20 {
            // Both build on the tip they fetched, then push at the same moment (two threads, a spin barrier).
            var built: [ObjectID] = []
            var tip = try oid(try remote.revParse("main"))
            for (index, pusher) in pushers.enumerated() {
                _ = try pusher.fetch(
                    remoteURL: served.url, branch: "main", credentials: served.credentials, hostKey: served.hostKey)
                tip = try #require(try pusher.reference(named: "refs/remotes/origin/main"))
                try pusher.forceReference(named: "refs/heads/main", to: tip)
                built.append(
                    try pusher.commitFiles(
                        ["a": .write(Data("round \(round) pusher \(index)\n".utf8))], onto: "refs/heads/main",
                        expectedTip: tip, message: "round \(round)", author: GitFixture.author))
            }
            let expected = tip
            let arrived = Atomic(0)
            let outcomes = Mutex<[Int: GitError?]>([:])
            let finished = DispatchGroup()
            for (index, pusher) in pushers.enumerated() {
                finished.enter()
                Thread.detachNewThread {
                    defer { finished.leave() }
                    arrived.add(1, ordering: .sequentiallyConsistent)
                    while arrived.load(ordering: .sequentiallyConsistent) < 2 {}
                    do throws(GitError) {
                        try pusher.push(
                            updates: [RefUpdate(source: "refs/heads/main", destination: "refs/heads/main", expected: expected)],
                            to: served.url, credentials: served.credentials, hostKey: served.hostKey)
                        outcomes.withLock { $0[index] = .some(nil) }
                    } catch {
                        outcomes.withLock { $0[index] = .some(error) }
                    }
                }
            }
            #expect(finished.wait(timeout: .now() + 120) == .success, "\(transport): round \(round) did not finish")
            let results = outcomes.withLock { $0 }
            let winners = results.filter { $0.value == nil }.map(\.key)
            // Exactly one lands; the other is told (an error a ledger retries on) and replaced nothing.
            #expect(winners.count == 1, "\(transport) round \(round): \(results)")
            for (_, error) in results {
                guard let error else { continue }
                switch error.code {
                case .tipMoved, .rejected, .nonFastForward: break
                default: Issue.record("\(transport) round \(round): unexpected \(error)")
                }
            }
            if let winner = winners.first {
                #expect(try remote.revParse("main") == built[winner].hex, "\(transport) round \(round)")
            }
        }
        #expect(try remote.run("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
        _ = try remote.run("fsck", "--strict")
    }
}
