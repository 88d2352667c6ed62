import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixTesting
import Testing

/// A rollback racing someone's push to the tracked branch never replaces the pushed commit
/// (issue #18 item 6, ADR 0044): either it was built on that commit, or it loses and says so.
@Suite struct RollbackRaceTests {
    static let rounds = 10

    @Test func aRollbackRacingAPushNeverOverwritesThePushedCommit() async throws {
        let fixture = try EngineFixture()  // the remote is a plain local path, the transport that lost commits
        try fixture.pushBaseConfig()
        let configuration = fixture.configuration()
        let work = fixture.work
        var outcomes: [String: Int] = [:]
        for round in 0..<Self.rounds {
            let bad = try fixture.push(["README.md": "bad \(round)\n"], message: "bad \(round)")
            // The other writer's commit is made, and its objects sent, before the race. During the race it
            // moves main the way receive-pack does (`git update-ref` with the old value: git's own
            // compare-and-swap), in its own process, started first; the rollback starts right after it.
            let theirs = try work.commit(["notes/\(round).txt": "theirs\n"], message: "theirs \(round)")
            try work.run("push", "-q", "origin", "\(theirs):refs/pending/\(round)")
            let push = try BackgroundProcess(
                "git", ["update-ref", "refs/heads/main", theirs, bad], environment: fixture.remoteGit.environment,
                logURL: fixture.scratch.path("push-\(round).log"), in: fixture.remote)
            let rollback: Result<RollbackCommit, EngineError>
            do {
                rollback = .success(
                    try await Rollback.perform(.revert(bad), push: true, configuration: configuration, lockTimeout: .seconds(60)))
            } catch let error as EngineError {
                rollback = .failure(error)
            }
            let userPushed = push.waitForExit(timeout: 120) == 0
            let tip = try fixture.remoteGit.revParse("main")

            switch (rollback, userPushed) {
            case (.success(let result), true):
                // Legitimate only when the rollback fetched the pushed commit and was built on it.
                #expect(result.parent.hex == theirs, "round \(round): the rollback replaced the pushed commit")
                #expect(tip == result.commit.hex)
                outcomes["rollback after the push", default: 0] += 1
            case (.success(let result), false):
                // The rollback won; git's compare-and-swap refused the other writer.
                #expect(tip == result.commit.hex)
                outcomes["rollback won", default: 0] += 1
            case (.failure(let error), true):
                #expect(tip == theirs, "round \(round): \(error)")
                #expect(
                    "\(error)".contains("while rolling back; nothing was pushed, run rollback again"),
                    "round \(round): \(error)")
                outcomes["push won, rollback refused", default: 0] += 1
            case (.failure(let error), false):
                Issue.record("round \(round): neither the rollback nor the push went through: \(error)")
            }
            // Start the next round from what the remote has.
            try work.run("fetch", "-q", "origin")
            try work.run("reset", "-q", "--hard", "origin/main")
        }
        _ = try fixture.remoteGit.run("fsck", "--strict")
        print("RollbackRaceTests: \(outcomes.sorted { $0.key < $1.key })")
    }
}
