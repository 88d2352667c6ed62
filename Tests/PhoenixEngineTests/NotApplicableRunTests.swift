import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixEngine
import PhoenixReconciler
import PhoenixStages
import Testing

/// Issue #19 item 3: a stage whose guest does not exist yet is `not-applicable` in the run report, the
/// ledger, the state and the metrics, the run succeeds, and the stage (and its dependant) runs once the
/// guest appears.
@Suite struct NotApplicableRunTests {
    /// Writes one file per VM; not applicable while there is no VM.
    struct VMStage: Stage {
        var id: StageID { "vm-files" }
        var summary: String { "one file per VM" }
        var dependencies: [StageID] { [] }
        var inputs: [InputRule] { [.json(.vm, "/vms/**", "VMs")] }
        func roots(_ settings: StageSettings) -> PathRoots { PathRoots(host: ["/etc"], guests: []) }
        func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
            guard !snapshot.vms.isEmpty else { return .inapplicable(id, "no VM exists yet") }
            return Render(
                stage: id,
                artifacts: snapshot.vms.map { Artifact(stage: id, location: .host, path: "/etc/vms/\($0.vmid)", text: "\($0.vmid)\n") })
        }
        func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
            try await ArtifactSync.sync(render, context: context)
        }
    }

    /// Depends on `vm-files` and reads only the domain: it runs when its dependency becomes applicable.
    struct AfterStage: Stage {
        var id: StageID { "after" }
        var summary: String { "depends on vm-files" }
        var dependencies: [StageID] { ["vm-files"] }
        var inputs: [InputRule] { [.json(.hypervisor, "/domain_name", "the domain")] }
        func roots(_ settings: StageSettings) -> PathRoots { PathRoots(host: ["/etc"], guests: []) }
        func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
            Render(stage: id, artifacts: [Artifact(stage: id, location: .host, path: "/etc/after", text: "\(snapshot.hypervisor.domainName ?? "")\n")])
        }
        func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
            try await ArtifactSync.sync(render, context: context)
        }
    }

    @Test func notApplicableIsRecordedEverywhereAndRunsWhenTheGuestAppears() async throws {
        let fixture = try EngineFixture()
        var files = TestConfig.files()
        files["config/phoenix_vm_configs.json"] = .some(nil)  // the platform's first weeks: no VM file
        try fixture.push(files, message: "no VMs yet")
        let recorder = RecordingMetricsFactory()
        var configuration = fixture.configuration(catalogue: StageCatalogue([VMStage(), AfterStage()]))
        configuration.metrics = PhoenixMetrics(factory: recorder)
        let reconciler = Reconciler(configuration)

        let first = await reconciler.reconcile(triggers: [RunTrigger(.poll)])
        #expect(first.outcome == .finished(.succeeded))
        let stages = try #require(first.report?.stages)
        for id in ["vm-files", "after"] {
            let stage = try #require(stages.first { $0.stage.rawValue == id })
            #expect(stage.decision == .notApplicable && stage.result == .notApplicable, "\(id): \(stage)")
            #expect(recorder.counter(PhoenixMetrics.Name.stageRuns, [("stage", id), ("result", "not_applicable")]) == 1)
        }
        #expect(stages.first { $0.stage == "after" }?.reasons.first?.contains("depends on vm-files") == true)
        let state = try #require(try fixture.state())
        #expect(state.stage("vm-files").lastResult?.result == .notApplicable)
        #expect(state.stage("vm-files").lastResult?.message?.contains("no VM exists yet") == true)
        #expect(state.stage("vm-files").appliedCommit == nil, "nothing was applied: no watermark")
        let ledger = try fixture.remoteGit.run("show", "phoenix-status:status.json")
        #expect(ledger.contains("not-applicable"))
        #expect(fixture.targetFiles().isEmpty)

        files["config/phoenix_vm_configs.json"] = TestConfig.vms()
        try fixture.push(files, message: "the first VM")
        let second = await reconciler.reconcile(triggers: [RunTrigger(.poll)])
        #expect(second.outcome == .finished(.succeeded))
        let ran = Set((second.report?.stages ?? []).filter { $0.result == .succeeded }.map(\.stage.rawValue))
        #expect(ran == ["vm-files", "after"], "the dependant runs too, though its own input did not change")
        #expect(fixture.targetFiles().keys.sorted() == ["/etc/after", "/etc/vms/1001"])
    }
}
