import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixStages
import PhoenixTesting
import Testing

/// The run end to end against real git repositories and a local-driver target.
@Suite struct ReconcilerTests {
    @Test func firstRunAppliesEveryStageAndRecordsOneStatusCommit() async throws {
        let fixture = try EngineFixture()
        let commit = try fixture.pushBaseConfig()
        let result = await fixture.reconciler().reconcile(triggers: [RunTrigger(.apply)])

        #expect(result.outcome == .finished(.succeeded))
        let files = fixture.targetFiles()
        #expect(files["/etc/phoenix-test/names.conf"] == "101 gw\n")
        #expect(files["/etc/phoenix-test/gateway.conf"] == "server_name phoenix.test;\nupstream gw;\n")
        #expect(files["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.6/24\n")

        let state = try #require(try fixture.state())
        for stage in ["names", "gateway", "vms", "stacks"] as [StageID] {
            #expect(state.stage(stage).appliedCommit?.hex == commit)
        }
        #expect(state.lastTarget?.hex == commit)
        #expect(state.pendingReports.isEmpty)
        #expect(state.inProgress == nil)

        // The status branch: one commit, the three files, schema and run facts.
        #expect(try fixture.statusCommits().count == 1)
        let tree = try fixture.remoteGit.run("ls-tree", "-r", "--name-only", "phoenix-status")
        #expect(tree.contains("status.json"))
        #expect(tree.contains("STATUS.md"))
        #expect(tree.contains("runs/") && tree.contains("-\(commit.prefix(7)).json"))
        let status = try fixture.statusJSON()
        #expect(status["schema"] as? String == "phoenix-status/1")
        let run = try #require(status["run"] as? [String: Any])
        #expect(run["result"] as? String == "succeeded")
        #expect((run["source"] as? [String: Any])?["commit"] as? String == commit)
        #expect((run["trigger"] as? [String: Any])?["kind"] as? String == "apply")
        let stages = try #require(run["stages"] as? [[String: Any]])
        #expect(stages.map { $0["stage"] as? String } == ["names", "gateway", "vms", "stacks"])
        #expect(stages.first?["decision"] as? String == "run")
        #expect(((stages.first?["artifacts"] as? [[String: Any]])?.first?["sha256"] as? String)?.count == 64)
        // HEAD of the remote still names main; the main branch is untouched.
        #expect(try fixture.remoteGit.revParse("main") == commit)
        _ = try fixture.remoteGit.run("fsck", "--strict")
    }

    @Test func idlePollNeitherPlansNorCommits() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let planner = CountingPlanner()
        let reconciler = fixture.reconciler(planner: planner)
        _ = await reconciler.reconcile(triggers: [RunTrigger(.poll)])
        #expect(planner.count == 1)

        let before = fixture.stateBytes()
        let idle = await reconciler.reconcile(triggers: [RunTrigger(.poll)])
        guard case .idle = idle.outcome else {
            Issue.record("expected idle, got \(idle.outcome)")
            return
        }
        #expect(planner.count == 1)
        #expect(try fixture.statusCommits().count == 1)
        #expect(fixture.stateBytes() == before)
    }

    @Test func onlyStagesReadingTheChangedFileRun() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        _ = await reconciler.reconcile()
        fixture.faults.resetApplied()

        let change = try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.7/24")], message: "move the VM")
        let result = await reconciler.reconcile()
        #expect(result.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["vms"])
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.7/24\n")
        let report = try #require(result.report)
        #expect(report.changedPaths == ["config/phoenix_vm_configs.json"])
        let vms = try #require(report.stages.first { $0.stage == "vms" })
        #expect(vms.decision == .run)
        #expect(vms.reasons.contains { $0.contains("config/phoenix_vm_configs.json") && $0.contains("/vms/") })
        let names = try #require(report.stages.first { $0.stage == "names" })
        #expect(names.decision == .skipUnaffected)
        #expect(names.result == .upToDate)
        let state = try #require(try fixture.state())
        #expect(state.stage("names").appliedCommit?.hex == change)
        #expect(state.stage("vms").appliedCommit?.hex == change)
    }

    @Test func formattingOnlyChangeRunsNothing() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        _ = await reconciler.reconcile()
        fixture.faults.resetApplied()

        try fixture.push(["config/phoenix_lxc_configs.json": Self.reformattedLXCs], message: "reformat")
        let result = await reconciler.reconcile()
        #expect(result.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages.isEmpty)
        #expect(result.report?.stages.allSatisfy { $0.decision == .skipUnaffected } == true)
    }

    @Test func changedInputWithIdenticalOutputIsSkipped() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        _ = await reconciler.reconcile()
        fixture.faults.resetApplied()

        // The vms stage reads /vms/** but renders only ids and addresses: a new VM name changes nothing.
        let named = "{\"vms\": [{\"vmid\": 1001, \"name\": \"docker-1\", \"network_config\": {\"ip\": \"10.0.0.6/24\"}}]}\n"
        let commit = try fixture.push(["config/phoenix_vm_configs.json": named], message: "name the VM")
        let result = await reconciler.reconcile()
        #expect(result.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages.isEmpty)
        let vms = try #require(result.report?.stages.first { $0.stage == "vms" })
        #expect(vms.decision == .skipIdenticalOutput)
        #expect(vms.reasons.contains { $0.contains("/vms/") && $0.contains("name") })
        #expect(try fixture.state()?.stage("vms").appliedCommit?.hex == commit)
    }

    @Test func reformattingAFileAppliesNothing() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        _ = await reconciler.reconcile()
        fixture.faults.resetApplied()

        try fixture.push(["config/phoenix_lxc_configs.json": Self.reformattedLXCs], message: "reformat")
        let result = await reconciler.reconcile()
        #expect(result.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages.isEmpty)
        let decisions = Dictionary(uniqueKeysWithValues: (result.report?.stages ?? []).map { ($0.stage, $0.decision) })
        #expect(decisions.count == 4 && decisions.values.allSatisfy { $0 != .run }, "\(decisions)")
        #expect(decisions["vms"] == .skipUnaffected)
    }

    static let reformattedLXCs =
        "{\n  \"lxc_configs\": {\n    \"101\": {\"network_config\": {\"ip\": \"10.0.0.5/24\"}, \"name\": \"gw\"}\n  }\n}\n"

    @Test func stageRemovedFromRenderIsCleanedAndStackChangesRunOnlyStacks() async throws {
        let fixture = try EngineFixture()
        var files = TestConfig.files()
        files["stacks/web/docker-compose.yml"] = "services: {}\n"
        try fixture.push(files, message: "with a stack")
        let reconciler = fixture.reconciler()
        _ = await reconciler.reconcile()
        #expect(fixture.targetFiles()["/srv/stacks/web.txt"] == "docker-compose.yml\n")
        fixture.faults.resetApplied()

        try fixture.push(["stacks/web/docker-compose.yml": nil, "stacks/api/docker-compose.yml": "services: {}\n"], message: "rename stack")
        let result = await reconciler.reconcile()
        #expect(result.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["stacks"])
        let target = fixture.targetFiles()
        #expect(target["/srv/stacks/web.txt"] == nil)
        #expect(target["/srv/stacks/api.txt"] == "docker-compose.yml\n")
    }
}
