import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixEngine
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Drift of files inside a guest, through the Proxmox driver against the stand-in `pct`: a stopped
/// guest is unknown (never in sync, never healed); a running one is compared and healed.
@Suite struct GuestDriftTests {
    /// One file inside container 101 holding the domain, applied with the shared file sync.
    struct GuestFileStage: Stage {
        var id: StageID { "guest-file" }
        var summary: String { "a file inside lxc 101" }
        var dependencies: [StageID] { [] }
        var inputs: [InputRule] { [.json(.hypervisor, "/domain_name", "the domain is written")] }

        /// Test stages may touch any path (below symlink-free folders).
        func roots(_ settings: StageSettings) -> PathRoots { PathRoots(host: ["/"], guests: ["/"]) }

        func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
            Render(
                stage: id,
                artifacts: [
                    Artifact(stage: id, location: .lxc(101), path: "/etc/app/app.conf", text: "domain \(snapshot.hypervisor.domainName ?? "")\n")
                ])
        }

        func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
            try await ArtifactSync.sync(render, context: context)
        }
    }

    @Test func aStoppedGuestIsUnknownNotInSyncAndARunningOneIsHealed() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        var configuration = fixture.configuration(catalogue: StageCatalogue([GuestFileStage()]))
        configuration.driver = host.proxmoxDriver()
        let reconciler = Reconciler(configuration)
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        #expect(host.file("/etc/app/app.conf", at: .lxc(101)) == Data("domain phoenix.test\n".utf8))
        #expect(await reconciler.checkDrift().report?.status == .inSync)

        // The stand-in pct reports the container stopped.
        try host.setGuest(.lxc(101), .stopped)
        let commits = try fixture.statusCommits().count
        let pushesBefore = try host.argvs(of: "pct").filter { $0.first == "push" }.count
        let outcome = await reconciler.checkDrift(options: DriftOptions(heal: true))
        let report = try #require(outcome.report)
        let stage = try #require(report.stages.first)
        #expect(stage.status == .unknown)
        #expect(stage.items == [.unknown(.lxc(101), "/etc/app/app.conf", "lxc 101 is stopped; not checked")])
        #expect(report.status == .unknown)
        #expect(report.stages(.inSync).isEmpty)
        #expect(outcome.exitCode == 1)
        #expect(outcome.heals.isEmpty)
        #expect(try fixture.statusCommits().count == commits)  // nothing drifted: nothing recorded
        #expect(try host.argvs(of: "pct").filter { $0.first == "push" }.count == pushesBefore)

        // Running again, with a hand edit inside: drifted, with the diff, and healed through pct push.
        try host.setGuest(.lxc(101), .running)
        try host.setFile("/etc/app/app.conf", contents: Data("domain example.org\n".utf8), at: .lxc(101))
        let healed = await reconciler.checkDrift(options: DriftOptions(heal: true))
        let item = try #require(healed.report?.stages.first?.items.first)
        #expect(item.state == .drifted && item.location == .lxc(101))
        #expect(item.diff?.contains("-domain phoenix.test\n+domain example.org\n") == true)
        #expect(healed.heals.first?.report?.result == .succeeded)
        #expect(host.file("/etc/app/app.conf", at: .lxc(101)) == Data("domain phoenix.test\n".utf8))
    }
}
