import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixTesting
import Testing

/// Rollback as one run (ADR 0053): the commit is made, pushed and applied under one lock, by the steps of a
/// reconcile; an error before the push leaves the remote, the target and the state as they were.
@Suite struct RollbackRunTests {
    @Test func theRevertIsPushedAndAppliedByOneRunNamedRollback() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let bad = try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.99/24")], message: "bad VM address")
        try fixture.push(["README.md": "unrelated\n"], message: "later, unrelated")
        let reconciler = Reconciler(fixture.configuration())
        _ = await reconciler.reconcile()
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.99/24\n")
        fixture.faults.resetApplied()

        let person = Signature(name: "Ada Operator", email: "ada@example.test", date: Date())
        let rolled = try await reconciler.rollback(.revert(bad), author: person)
        let made = try #require(rolled.made)
        #expect(made.pushed && made.changedPaths == ["config/phoenix_vm_configs.json"])
        #expect(try fixture.remoteGit.revParse("main") == made.commit.hex)
        #expect(try fixture.remoteGit.run("log", "-1", "--format=%an <%ae>", "main") == "Ada Operator <ada@example.test>\n")
        // The same call applied it: only the stage the revert touches ran.
        #expect(rolled.run.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["vms"])
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.6/24\n")
        let report = try #require(rolled.run.report)
        #expect(report.trigger.kind == .rollback)
        #expect(report.trigger.detail == "revert of \(bad.prefix(7))")
        #expect(report.source.commit == made.commit)
        // Nothing is left for a later run.
        let next = await reconciler.reconcile()
        #expect(next.outcome == .idle(made.commit))
    }

    @Test func aConflictThrowsAndNothingIsPushedAppliedOrRecorded() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let first = try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.10/24")], message: "first")
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.11/24")], message: "second, same line")
        let reconciler = Reconciler(fixture.configuration())
        _ = await reconciler.reconcile()
        let tip = try fixture.remoteGit.revParse("main")
        let stateBefore = try #require(try reconciler.savedState())
        fixture.faults.resetApplied()

        await #expect(throws: EngineError.self) { _ = try await reconciler.rollback(.revert(first)) }
        #expect(try fixture.remoteGit.revParse("main") == tip)
        #expect(fixture.faults.appliedStages.isEmpty)
        let stateAfter = try #require(try reconciler.savedState())
        #expect(stateAfter.lastTarget == stateBefore.lastTarget)
        #expect(stateAfter.pendingReports.count == stateBefore.pendingReports.count)
    }

    @Test func aBusyLockRefusesBeforeAnyCommitIsMade() async throws {
        let fixture = try EngineFixture()
        let base = try fixture.pushBaseConfig()
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.12/24")], message: "one")
        let configuration = fixture.configuration()
        let reconciler = Reconciler(configuration)
        _ = await reconciler.reconcile()
        let tip = try fixture.remoteGit.revParse("main")

        let held = try await RunLock.acquire(in: configuration.settings.stateDirectory, timeout: nil)
        defer { held.release() }
        let rolled = try await reconciler.rollback(.restore(base), options: RunOptions(lockTimeout: .milliseconds(50)))
        #expect(rolled.made == nil)
        guard case .lockBusy = rolled.run.outcome else {
            Issue.record("expected lockBusy, got \(rolled.run.outcome)")
            return
        }
        #expect(rolled.run.exitCode == 75)
        #expect(try fixture.remoteGit.revParse("main") == tip)
    }
}
