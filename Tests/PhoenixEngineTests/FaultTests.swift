import Foundation
import Logging
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Synchronization
import Testing

/// The faults the reconciler must survive (issue #6): each leaves the target and the watermarks in a
/// state the next run converges from.
@Suite struct FaultTests {
    @Test func malformedJSONFailsWithFindingsAndTheNextGoodCommitApplies() async throws {
        let fixture = try EngineFixture()
        let good = try fixture.pushBaseConfig()
        let service = ReconcileCoordinator(reconciler: fixture.reconciler())
        _ = await service.run(RunTrigger(.poll))
        let targetBefore = fixture.targetFiles()
        let stagesBefore = try #require(try fixture.state()).stages

        let broken = try fixture.push(
            ["config/phoenix_vm_configs.json": "{\"vms\": [{\"vmid\": 1001, \"network_config\": {\"ip\": \"10.0.0.9/24\"}},]}\n"],
            message: "broken JSON")
        let failed = await service.run(RunTrigger(.poll))
        #expect(failed.outcome == .finished(.invalid))
        let report = try #require(failed.report)
        let finding = try #require(report.findings.first { $0.severity == "error" })
        #expect(finding.file == "config/phoenix_vm_configs.json")
        #expect(finding.line == 1)
        #expect(report.stages.isEmpty)
        #expect(fixture.targetFiles() == targetBefore)
        let state = try #require(try fixture.state())
        #expect(state.stages == stagesBefore)
        #expect(state.stage("vms").appliedCommit?.hex == good)
        #expect(state.lastTarget?.hex == broken)
        let status = try fixture.statusJSON()
        #expect((status["run"] as? [String: Any])?["result"] as? String == "invalid")

        // The same broken commit is not retried on every poll, and a poll says it is refused (issue #18
        // item 4: not "already applied", and a non-zero exit for `watch --once`).
        let again = await service.run(RunTrigger(.poll))
        guard case .waiting(let commit, let message) = again.outcome else {
            Issue.record("a broken commit must not be re-planned on every poll: \(again.outcome)")
            return
        }
        #expect(commit.hex == broken && again.exitCode == 1)
        #expect(message.contains("is invalid (run \(failed.id))") && message.hasSuffix("; push a fix"), "\(message)")
        #expect(message.contains("config/phoenix_vm_configs.json:1:"), "\(message)")
        #expect(try fixture.statusCommits().count == 2)

        // The daemon kept running; the fix applies.
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.9/24")], message: "fix JSON")
        let fixed = await service.run(RunTrigger(.poll))
        #expect(fixed.outcome == .finished(.succeeded))
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.9/24\n")
        await service.shutdown()
    }

    @Test func unreachableRemoteChangesNothingAndBacksOff() async throws {
        let fixture = try EngineFixture(daemon: true)
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        _ = await reconciler.reconcile()
        let before = fixture.stateBytes()
        let statusBefore = try fixture.statusCommits()

        fixture.stopDaemon()
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.8/24")], message: "not seen")
        let service = ReconcileCoordinator(reconciler: reconciler)
        let delays = DelayRecorder()
        let watcher = Poller(
            service: service, schedule: PollSchedule(intervalSeconds: 60, jitter: 0.1, maxBackoffSeconds: 300),
            logger: quietLogger, sleep: { seconds in delays.append(seconds) }, jitter: { 0 })
        let last = await watcher.run(maxPolls: 4)
        guard case .fetchFailed(let message) = last?.outcome else {
            Issue.record("expected a fetch failure, got \(String(describing: last?.outcome))")
            return
        }
        #expect(message.contains("cannot fetch branch 'main'"))
        #expect(delays.values == [120, 240, 300])
        #expect(fixture.stateBytes() == before)
        #expect(try fixture.statusCommits() == statusBefore)
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.6/24\n")
        await service.shutdown()
    }

    @Test func failingStageSkipsItsDependentsAppliesTheOthersAndIsRetried() async throws {
        let fixture = try EngineFixture()
        let base = try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        _ = await reconciler.reconcile()

        let change = try fixture.push(
            [
                "config/phoenix_lxc_configs.json": TestConfig.lxcs(names: [(101, "gateway1", "10.0.0.5/24")]),
                "config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.7/24"),
            ], message: "rename and move")
        fixture.faults.fail("names")
        fixture.faults.resetApplied()
        let failed = await reconciler.reconcile()
        #expect(failed.outcome == .finished(.failed))
        let report = try #require(failed.report)
        let byStage = Dictionary(uniqueKeysWithValues: report.stages.map { ($0.stage, $0) })
        #expect(byStage["names"]?.result == .failed)
        #expect(byStage["gateway"]?.result == .skipped)
        #expect(byStage["gateway"]?.error == "dependency failed: names")
        #expect(byStage["vms"]?.result == .succeeded)
        #expect(fixture.faults.appliedStages == ["names", "vms"])
        // Secrets in a stage's error never reach the ledger.
        #expect(byStage["names"]?.error?.contains("hunter2") == false)
        let statusText = try fixture.remoteGit.run("show", "phoenix-status:status.json")
        #expect(!statusText.contains("hunter2"))

        var state = try #require(try fixture.state())
        #expect(state.stage("names").appliedCommit?.hex == base)
        #expect(state.stage("gateway").appliedCommit?.hex == base)
        #expect(state.stage("vms").appliedCommit?.hex == change)
        #expect(state.stage("names").consecutiveFailures == 1)
        #expect(state.stage("names").retryAfter == fixture.clock.now.addingTimeInterval(30))

        // Before the backoff has passed a poll is idle; after it, only the failed stages run.
        fixture.faults.heal("names")
        fixture.faults.resetApplied()
        let early = await reconciler.reconcile()
        guard case .waiting(_, let message) = early.outcome else {
            Issue.record("retry before the backoff passed: \(early.outcome)")
            return
        }
        // Not "already applied": which stages wait, and until when (issue #18 item 4).
        #expect(message.contains("names, gateway failed") || message.contains("gateway, names failed"), "\(message)")
        #expect(message.contains("until \(Timestamp.format(fixture.clock.now.addingTimeInterval(30)))"), "\(message)")
        #expect(early.exitCode == 1)
        fixture.clock.advance(seconds: 31)
        let retried = await reconciler.reconcile()
        #expect(retried.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["names", "gateway"])
        state = try #require(try fixture.state())
        for stage in ["names", "gateway", "vms", "stacks"] as [StageID] {
            #expect(state.stage(stage).appliedCommit?.hex == change)
        }
        #expect(state.stage("names").consecutiveFailures == 0)
        #expect(fixture.targetFiles()["/etc/phoenix-test/gateway.conf"] == "server_name phoenix.test;\nupstream gateway1;\n")
    }

    @Test func lostStateIsRebuiltFromTheStatusBranchWithoutReapplying() async throws {
        let fixture = try EngineFixture()
        let commit = try fixture.pushBaseConfig()
        _ = await fixture.reconciler().reconcile()
        let original = try #require(try fixture.state())
        try FileManager.default.removeItem(at: fixture.stateDirectory("state").appendingPathComponent("state.json"))
        try FileManager.default.removeItem(at: fixture.stateDirectory("state").appendingPathComponent("mirror.git"))
        fixture.faults.resetApplied()

        let result = await fixture.reconciler().reconcile()
        #expect(result.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages.isEmpty)
        let rebuilt = try #require(try fixture.state())
        for stage in original.stages {
            #expect(rebuilt.stage(stage.stage).appliedCommit?.hex == commit)
            #expect(rebuilt.stage(stage.stage).artifacts == stage.artifacts)
        }
    }

    @Test func corruptStateIsQuarantinedAndRebuilt() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        _ = await fixture.reconciler().reconcile()
        let stateFile = fixture.stateDirectory("state").appendingPathComponent("state.json")
        try Data("{ not json".utf8).write(to: stateFile)
        fixture.faults.resetApplied()

        let result = await fixture.reconciler().reconcile()
        #expect(result.exitCode == 0)
        #expect(fixture.faults.appliedStages.isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.stateDirectory("state").path)
        #expect(names.contains { $0.hasPrefix("state.json.corrupt-") })
        #expect(try fixture.state()?.stage("names").appliedCommit != nil)
    }

    @Test func forcePushedHistoryStillPlansAgainstTheAppliedTree() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.7/24")], message: "to be rewritten")
        let reconciler = fixture.reconciler()
        _ = await reconciler.reconcile()

        // Rewrite history: drop the last commit, commit something else, force-push.
        try fixture.work.run("reset", "-q", "--hard", "HEAD~1")
        let rewritten = try fixture.work.commit(
            ["config/phoenix_hypervisor_config.json": TestConfig.hypervisor(domain: "rewritten.test")], message: "rewritten")
        try fixture.work.run("push", "-q", "--force", "origin", "HEAD:refs/heads/main")
        fixture.faults.resetApplied()

        let result = await reconciler.reconcile()
        #expect(result.outcome == .finished(.succeeded))
        #expect(Set(fixture.faults.appliedStages) == ["gateway", "vms"])
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.6/24\n")
        #expect(fixture.targetFiles()["/etc/phoenix-test/gateway.conf"]?.hasPrefix("server_name rewritten.test;") == true)

        // Rewrite again with a fresh mirror: the watermark commit is gone from everywhere, so the plan
        // falls back to comparing rendered output (identical stages skip, the others run).
        try FileManager.default.removeItem(at: fixture.stateDirectory("state").appendingPathComponent("mirror.git"))
        try fixture.work.run("reset", "-q", "--hard", "HEAD~1")
        let second = try fixture.work.commit(
            ["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.8/24")], message: "rewritten twice")
        try fixture.work.run("push", "-q", "--force", "origin", "HEAD:refs/heads/main")
        fixture.faults.resetApplied()
        let again = await reconciler.reconcile()
        #expect(again.outcome == .finished(.succeeded))
        #expect(Set(fixture.faults.appliedStages) == ["gateway", "vms"])
        #expect(again.report?.notices.contains { $0.contains("no longer in the repository") } == true)
        let decisions = Dictionary(uniqueKeysWithValues: (again.report?.stages ?? []).map { ($0.stage, $0.decision) })
        #expect(decisions["names"] == .skipIdenticalOutput)
        #expect(try fixture.state()?.stage("names").appliedCommit?.hex == second)
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.8/24\n")
        _ = rewritten
    }

    @Test func anInterruptedRunIsRecordedOnceByTheNextProcess() async throws {
        let fixture = try EngineFixture()
        let commit = try fixture.pushBaseConfig()
        let store = StateStore(stateDirectory: fixture.stateDirectory("state"))
        // What a process killed right after planning leaves behind.
        var state = EngineState(watcher: WatcherIdentity.derive(from: fixture.settings()))
        let oid = try #require(ObjectID(hex: commit))
        var report = RunReport(
            id: "deadbeef0001", watcher: state.watcher, trigger: RunTrigger(.poll), startedAt: fixture.clock.now,
            source: SourceInfo(repository: fixture.remoteURL, branch: "main", commit: oid), previousCommit: nil)
        report.stages = [StageReport(stage: "names", decision: .run, reasons: ["never applied"], baseCommit: nil, result: .notRun)]
        state.inProgress = report
        try store.save(state)

        let result = await fixture.reconciler().reconcile()
        #expect(result.outcome == .finished(.succeeded))
        let recorded = try fixture.remoteGit.run("log", "--format=%s", "phoenix-status")
        #expect(recorded.components(separatedBy: "phoenix: interrupted").count == 2)
        #expect(try fixture.statusCommits().count == 2)
        let runs = try fixture.remoteGit.run("ls-tree", "--name-only", "phoenix-status:runs/")
        #expect(runs.split(separator: "\n").count == 2)

        // A second restart records nothing twice.
        _ = await fixture.reconciler().reconcile()
        #expect(try fixture.statusCommits().count == 2)
    }
}
