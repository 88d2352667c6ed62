import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import Testing

/// Issue #16 item 1: `plan` and the reconciler read the state's watermarks the same way
/// (``StageWatermarks``): a watermark the repository lost is no base, and says so.
@Suite struct StageWatermarksTests {
    @Test func aLostWatermarkIsNoBaseAndIsReported() async throws {
        let fixture = try EngineFixture()
        let commit = try fixture.pushBaseConfig()
        let catalogue = TestCatalogue.make(faults: fixture.faults)
        #expect(await Reconciler(fixture.configuration(catalogue: catalogue)).reconcile().outcome == .finished(.succeeded))
        var state = try #require(try fixture.state())
        let repository = try ConfigMirror(stateDirectory: fixture.stateDirectory("state")).open()

        let kept = StageWatermarks(state: state, catalogue: catalogue, repository: repository)
        #expect(kept.bases.values.allSatisfy { $0.hex == commit } && kept.bases.count == 4)
        #expect(kept.notices.isEmpty)

        var names = state.stage("names")
        names.appliedCommit = try #require(ObjectID(hex: String(repeating: "0", count: 39) + "1"))
        state.setStage(names)
        let lost = StageWatermarks(state: state, catalogue: catalogue, repository: repository, replanning: ["vms"])
        #expect(lost.bases["names"] == nil && lost.applied["names"] != nil)
        #expect(lost.bases["vms"] == nil && lost.applied["vms"] == nil, "a stage named by apply --stage plans as never applied")
        #expect(lost.notices.count == 1 && lost.notices[0].hasPrefix("names: its watermark 0000000"), "\(lost.notices)")
    }
}
