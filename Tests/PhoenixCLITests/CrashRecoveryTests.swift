import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixTesting
import Testing

/// The process is killed with SIGKILL (the engine's crash hook, `PHOENIX_CRASH_AT`) at several points
/// of an apply; a restart converges to the same target, the same watermarks and the same ledger as a
/// run that was never interrupted: nothing lost, nothing recorded twice.
@Suite struct CrashRecoveryTests {
    /// A crash point and how many runs the ledger holds after the restart.
    struct Case: Sendable, CustomStringConvertible {
        var point: String
        /// Runs of the crashed watcher on the status branch after the restart.
        var recordedRuns: Int
        /// Of those, runs recorded as interrupted (the killed one, when it had started applying).
        var interrupted: Int
        var description: String { point }
    }

    static let cases: [Case] = [
        Case(point: "after-fetch", recordedRuns: 1, interrupted: 0),
        Case(point: "after-plan", recordedRuns: 2, interrupted: 1),
        Case(point: "before-stage:dns", recordedRuns: 2, interrupted: 1),
        Case(point: "after-stage:firewall", recordedRuns: 2, interrupted: 1),
        Case(point: "after-write:3", recordedRuns: 2, interrupted: 1),
        Case(point: "after-write:12", recordedRuns: 2, interrupted: 1),
        Case(point: "before-publish", recordedRuns: 2, interrupted: 0),
        Case(point: "after-push", recordedRuns: 2, interrupted: 0),
    ]

    @Test(arguments: cases)
    func restartAfterSIGKILLConvergesToTheUninterruptedResult(_ crash: Case) throws {
        let fixture = try CLIFixture(explicitTargetRoot: true)
        let reference = try Binary.run(["apply"] + fixture.arguments(state: "reference"), in: fixture.scratch.url)
        #expect(!reference.terminatedBySignal)

        let killed = try Binary.run(
            ["apply"] + fixture.arguments(state: "crashed"), in: fixture.scratch.url,
            environment: ["PHOENIX_CRASH_AT": crash.point])
        #expect(killed.terminatedBySignal && killed.status == SIGKILL, "\(crash.point): \(killed.stderr)")
        #expect(killed.stderr.contains("crash injection at \(crash.point)"))

        let restarted = try Binary.run(["apply"] + fixture.arguments(state: "crashed"), in: fixture.scratch.url)
        #expect(restarted.status == reference.status && !restarted.terminatedBySignal, "\(restarted.stdout)\n\(restarted.stderr)")

        // Same target and same watermarks.
        #expect(fixture.targetFiles("crashed") == fixture.targetFiles("reference"))
        let expected = try #require(try fixture.state("reference"))
        let actual = try #require(try fixture.state("crashed"))
        #expect(actual.inProgress == nil)
        #expect(actual.pendingReports.isEmpty)
        #expect(actual.lastTarget == expected.lastTarget)
        #expect(actual.stages.map(\.stage) == expected.stages.map(\.stage))
        for stage in expected.stages {
            let other = actual.stage(stage.stage)
            #expect(other.appliedCommit == stage.appliedCommit, "\(stage.stage)")
            #expect(other.artifacts == stage.artifacts, "\(stage.stage)")
            #expect(other.lastResult?.result == stage.lastResult?.result, "\(stage.stage)")
        }

        // The same ledger: every run of the crashed watcher recorded exactly once, its final
        // watermarks on the status branch equal to its state.
        let runs = try fixture.recordedRuns().filter { $0.watcher.id == actual.watcher.id }
        #expect(
            runs.count == crash.recordedRuns,
            "\(runs.map { "\($0.id) \($0.result) \($0.ledgerFileName)" }) \((try? fixture.remoteGit.run("log", "--stat", "phoenix-status")) ?? "")")
        #expect(Set(runs.map(\.id)).count == runs.count)
        #expect(runs.filter { $0.result == .interrupted }.count == crash.interrupted)
        let entry = try #require(try fixture.statusDocument().entry(for: actual.watcher.id))
        #expect(entry.stages.map(\.appliedCommit) == actual.stages.map(\.appliedCommit))
        #expect(entry.stages.map(\.artifacts) == actual.stages.map(\.artifacts))
        let merges = try fixture.remoteGit.run("rev-list", "--merges", "phoenix-status")
        #expect(merges.isEmpty)
        _ = try fixture.remoteGit.run("fsck", "--strict")
    }
}
