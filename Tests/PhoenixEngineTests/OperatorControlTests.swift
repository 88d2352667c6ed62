import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import Synchronization
import Testing

/// Issue #15 item 2: `suspend`/`resume`, `apply --stage` and the progress events behind the progress
/// lines, on the engine with a real bare remote and the local driver.
@Suite struct OperatorControlTests {
    @Test func suspendStopsEveryRunUntilResumeAndBothAreOnTheStatusBranch() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))

        let suspended = await reconciler.suspend(by: "Ada <ada@example.org>", reason: "maintenance window")
        #expect(suspended.outcome == .finished(.suspended) && suspended.exitCode == 0)
        let status = try fixture.statusJSON()
        let run = try #require(status["run"] as? [String: Any])
        #expect(run["result"] as? String == "suspended")
        #expect((run["trigger"] as? [String: Any])?["kind"] as? String == "suspend")
        #expect((run["trigger"] as? [String: Any])?["detail"] as? String == "by Ada <ada@example.org>: maintenance window")
        let entry = try #require((status["watchers"] as? [[String: Any]])?.first)
        #expect((entry["suspension"] as? [String: Any])?["by"] as? String == "Ada <ada@example.org>")

        // A new commit is neither fetched nor applied; suspending again changes nothing.
        let commits = try fixture.statusCommits().count
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.8/24")], message: "while suspended")
        fixture.faults.resetApplied()
        let poll = await reconciler.reconcile(triggers: [RunTrigger(.poll)])
        guard case .suspended(let suspension) = poll.outcome else {
            Issue.record("a suspended watcher ran: \(poll.outcome)")
            return
        }
        #expect(suspension.by == "Ada <ada@example.org>" && suspension.reason == "maintenance window")
        #expect(fixture.faults.appliedStages.isEmpty)
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.6/24\n")
        guard case .suspended = await reconciler.suspend(by: "Bob", reason: "again").outcome else {
            Issue.record("suspending twice must keep the first suspension")
            return
        }
        guard case .suspended = await reconciler.renewCertificates().outcome else {
            Issue.record("time-driven runs must stop while suspended")
            return
        }
        #expect(try fixture.statusCommits().count == commits)

        // A watcher that lost its state folder rebuilds the suspension from the status branch.
        try FileManager.default.removeItem(at: fixture.stateDirectory("state").appendingPathComponent("state.json"))
        try FileManager.default.removeItem(at: fixture.stateDirectory("state").appendingPathComponent("mirror.git"))
        guard case .suspended = await fixture.reconciler().reconcile().outcome else {
            Issue.record("the suspension must survive a lost state folder")
            return
        }

        let resumed = await reconciler.resume(by: "Ada <ada@example.org>", reason: "done")
        #expect(resumed.outcome == .finished(.resumed))
        #expect((try fixture.statusJSON()["run"] as? [String: Any])?["result"] as? String == "resumed")
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["vms"])
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.8/24\n")
        guard case .idle = await reconciler.resume(by: "Ada", reason: "").outcome else {
            Issue.record("resuming a running watcher must change nothing")
            return
        }
    }

    @Test func applyStageRunsOnlyThatStageAndItsChangedDependenciesAndHoldsTheRest() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))

        // Up to date: --stage vms re-applies it anyway, and nothing else.
        fixture.faults.resetApplied()
        let forced = await reconciler.reconcile(
            triggers: [RunTrigger(.apply)], options: RunOptions(ignoreBackoff: true, stages: ["vms"]))
        #expect(forced.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["vms"])
        #expect(forced.report?.stages.first { $0.stage == "vms" }?.reasons.first == "selected by apply --stage")

        // names, gateway and vms all change; --stage gateway pulls in names (it depends on it) and holds vms.
        let change = try fixture.push(
            [
                "config/phoenix_lxc_configs.json": TestConfig.lxcs(names: [(101, "gateway1", "10.0.0.5/24")]),
                "config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.7/24"),
            ], message: "rename and move")
        fixture.faults.resetApplied()
        let selected = await reconciler.reconcile(
            triggers: [RunTrigger(.apply)], options: RunOptions(ignoreBackoff: true, stages: ["gateway"]))
        #expect(selected.outcome == .finished(.succeeded))
        #expect(Set(fixture.faults.appliedStages) == ["names", "gateway"])
        let byStage = Dictionary(uniqueKeysWithValues: (selected.report?.stages ?? []).map { ($0.stage, $0) })
        #expect(byStage["vms"]?.result == .held)
        #expect(byStage["names"]?.reasons.first == "runs because gateway (selected by apply --stage) depends on it")
        let state = try #require(try fixture.state())
        #expect(state.stage("vms").appliedCommit?.hex != change)
        #expect(state.stage("gateway").appliedCommit?.hex == change)

        // The held stage is applied by the next plain run, which does not run the others again.
        fixture.faults.resetApplied()
        #expect(await reconciler.reconcile(triggers: [RunTrigger(.poll)]).outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["vms"])
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.7/24\n")
    }

    @Test func aRunTellsEachStageStartAndEndInOrder() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let events = EventLog()
        var configuration = fixture.configuration()
        configuration.events = events
        fixture.faults.fail("names")
        _ = await Reconciler(configuration).reconcile()
        let lines = events.lines
        #expect(lines.first?.hasPrefix("started ") == true)
        for stage in ["names", "vms"] {  // (no stacks in the base configuration: stacks has nothing to apply)
            let start = try #require(lines.firstIndex(of: "stage-started \(stage)"), "\(lines)")
            let end = try #require(lines.firstIndex { $0.hasPrefix("stage-finished \(stage) ") }, "\(lines)")
            #expect(start < end)
        }
        #expect(lines.contains { $0.hasPrefix("stage-finished names failed") })
        // A stage skipped for its failed dependency ends without starting.
        #expect(!lines.contains("stage-started gateway") && lines.contains { $0.hasPrefix("stage-finished gateway skipped") })
        #expect(lines.last?.hasPrefix("finished ") == true)
    }
}

/// Records run events as short lines.
final class EventLog: RunEventSink {
    private let recorded = Mutex<[String]>([])

    var lines: [String] { recorded.withLock { $0 } }

    func record(_ event: RunEvent) {
        let line: String
        switch event {
        case .runStarted(_, let commit, _): line = "started \(commit.short)"
        case .stageStarted(_, let stage): line = "stage-started \(stage)"
        case .stageFinished(_, let stage, let result, let message, _):
            line = "stage-finished \(stage) \(result.rawValue)" + (message.map { " \($0)" } ?? "")
        case .stageChecked(_, let stage, let state, _): line = "stage-checked \(stage) \(state.rawValue)"
        case .runFinished(let report, _, _): line = "finished \(report.result.rawValue)"
        default: return
        }
        recorded.withLock { $0.append(line) }
    }
}
