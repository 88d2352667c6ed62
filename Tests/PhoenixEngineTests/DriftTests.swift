import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Drift checks and self-heal on the example configuration, applied by the real stages to a local
/// target: hand edits are found with their diff, healed from the stage's watermark and nothing else.
@Suite struct DriftTests {
    static let dnsmasq = "/etc/dnsmasq.conf"

    @Test func aHandEditIsReportedWithItsDiffAndHealedAloneFromTheWatermark() async throws {
        let fixture = try DriftFixture()
        let reconciler = fixture.reconciler()
        let applied = await reconciler.reconcile(triggers: [RunTrigger(.apply)])
        #expect(applied.outcome == .finished(.succeeded))
        let original = try #require(fixture.read(Self.dnsmasq))

        // Nothing touched yet: in sync, and nothing is recorded.
        let clean = await reconciler.checkDrift()
        let cleanReport = try #require(clean.report)
        #expect(cleanReport.stages(.drifted).isEmpty)
        #expect(cleanReport.stage("dns")?.status == .inSync)
        #expect(cleanReport.stage("dns")?.filesChecked == 3)
        #expect(clean.exitCode == 0)
        let commitsBefore = try fixture.engine.statusCommits().count

        // Someone adds an upstream by hand.
        try fixture.write(Self.dnsmasq, original + "server=8.8.8.8\n")
        let found = await reconciler.checkDrift()
        let report = try #require(found.report)
        #expect(found.exitCode == 2)
        #expect(report.status == .drifted)
        #expect(report.stages(.drifted).map(\.stage) == ["dns"])
        let dns = try #require(report.stage("dns"))
        #expect(dns.commit?.hex == fixture.commit)
        #expect(dns.items.count == 1)
        let item = try #require(dns.items.first)
        #expect(item.state == .drifted && item.location == .host && item.object == Self.dnsmasq)
        #expect(item.message.contains("modified"))
        let diff = try #require(item.diff)
        #expect(diff.contains("--- applied/host/etc/dnsmasq.conf (\(fixture.commit.prefix(7)))"))
        #expect(diff.contains("+++ target/host/etc/dnsmasq.conf"))
        #expect(diff.contains("\n+server=8.8.8.8\n"))
        #expect(!diff.contains("\n-"))
        #expect(found.heals.isEmpty)  // self-heal is off
        #expect(fixture.read(Self.dnsmasq) == original + "server=8.8.8.8\n")

        // The drift is recorded once on the status branch: which file and its digests, never the diff
        // (the target may hold values that were never in git; issue #12, M3).
        #expect(try fixture.engine.statusCommits().count == commitsBefore + 1)
        let record = try #require(try fixture.recordedRuns().first { $0.id == report.id })
        #expect(record.trigger.kind == .drift)
        #expect(record.result == .drifted)
        #expect(record.drift?.stage("dns")?.items.first?.diff == nil)
        #expect(record.drift?.stage("dns")?.items.first?.foundSHA256 == item.foundSHA256)
        #expect(item.foundSHA256 != nil && item.appliedSHA256 != nil && item.foundSHA256 != item.appliedSHA256)
        let message = try fixture.engine.remoteGit.run("log", "-1", "--format=%s", "phoenix-status")
        #expect(message == "phoenix: drifted \(fixture.commit.prefix(7)) (dns)\n")
        let page = try fixture.engine.remoteGit.run("show", "phoenix-status:STATUS.md")
        #expect(page.contains("## Drift") && !page.contains("server=8.8.8.8"))
        _ = await reconciler.checkDrift()
        #expect(try fixture.engine.statusCommits().count == commitsBefore + 1)  // the same drift: not again

        // Self-heal: only that file is written, from the watermark commit.
        let before = fixture.stamps()
        let journalBefore = try fixture.journal().count
        let healed = await reconciler.checkDrift(options: DriftOptions(heal: true))
        #expect(healed.heals.count == 1)
        let run = try #require(healed.heals.first?.report)
        #expect(run.result == .succeeded)
        #expect(run.trigger.kind == .drift)
        #expect(run.source.commit?.hex == fixture.commit)
        #expect(run.stages.filter { $0.decision == .run }.map(\.stage) == ["dns"])
        #expect(run.stages.first { $0.stage == "dns" }?.written == ["host:/etc/dnsmasq.conf"])
        #expect(run.stages.first { $0.stage == "dns" }?.baseCommit?.hex == fixture.commit)
        #expect(healed.report?.stage("dns")?.heal?.action == .reapplied)
        #expect(healed.report?.stage("dns")?.heal?.result == .succeeded)
        #expect(fixture.read(Self.dnsmasq) == original)
        let after = fixture.stamps()
        #expect(Set(after.keys) == Set(before.keys))
        let rewritten = after.keys.filter { after[$0] != before[$0] }
        #expect(rewritten == ["/etc/dnsmasq.conf"])
        // Only dnsmasq's commands: its check of the new file and its restart.
        let commands = try fixture.journal().dropFirst(journalBefore)
        #expect(commands.last == ["systemctl", "restart", "dnsmasq"])
        #expect(commands.allSatisfy { $0.first == "dnsmasq" || $0 == ["systemctl", "restart", "dnsmasq"] })

        // The watermark and the tracked commit did not move; the target is in sync again.
        let state = try #require(try fixture.engine.state())
        #expect(state.stage("dns").appliedCommit?.hex == fixture.commit)
        #expect(state.lastTarget?.hex == fixture.commit)
        let again = try #require(await reconciler.checkDrift().report)
        #expect(again.stage("dns")?.status == .inSync)
        let heal = try #require(try fixture.recordedRuns().first { $0.id == run.id })
        #expect(heal.trigger.detail?.contains("self-heal of dns") == true)

        // /status and `status` show the latest check.
        let status = try #require(try WatcherStatus.load(settings: fixture.settings()))
        #expect(status.drift?.id == again.id)
        let json = String(decoding: try status.jsonData(), as: UTF8.self)
        #expect(json.contains("\"drift\" : {") && json.contains("\"status\" : \"in-sync\""))
    }

    @Test func aRemovedManagedFileIsRestoredAndAnUnmanagedOneIsLeftAlone() async throws {
        let fixture = try DriftFixture()
        let reconciler = fixture.reconciler(settings: fixture.settings(selfHeal: true))
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        let cluster = "/etc/pve/firewall/cluster.fw"
        let original = try #require(fixture.read(cluster))
        try fixture.remove(cluster)
        try fixture.write("/etc/pve/firewall/999.fw", "[OPTIONS]\nenable: 1\n")
        try fixture.write("/quickOS/portainer_stacks/handmade/notes.txt", "mine\n")

        let outcome = await reconciler.checkDrift(options: DriftOptions(heal: true))
        let report = try #require(outcome.report)
        #expect(report.stages(.drifted).map(\.stage) == ["firewall"])
        let items = try #require(report.stage("firewall")?.items)
        #expect(items.map(\.object) == [cluster])
        #expect(items.first?.message.contains("missing") == true)
        #expect(items.first?.diff?.contains("+++ /dev/null") == true)
        #expect(report.stage("stack-files")?.status == .inSync)
        #expect(!"\(report)".contains("999.fw") && !"\(report)".contains("handmade"))

        #expect(outcome.heals.first?.report?.result == .succeeded)
        #expect(fixture.read(cluster) == original)
        #expect(fixture.read("/etc/pve/firewall/999.fw") == "[OPTIONS]\nenable: 1\n")
        #expect(fixture.read("/quickOS/portainer_stacks/handmade/notes.txt") == "mine\n")
    }

    @Test func theGuardStopsSelfHealWhenTheSameFileKeepsDriftingAndSaysSo() async throws {
        let fixture = try DriftFixture()
        let clock = fixture.engine.clock
        let reconciler = fixture.reconciler(settings: fixture.settings(selfHeal: true, limit: 2, window: 3600))
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        let original = try #require(fixture.read(Self.dnsmasq))
        let heal = DriftOptions(heal: true)

        // Two repairs within the window...
        for round in 1...2 {
            try fixture.write(Self.dnsmasq, original + "server=10.9.9.\(round)\n")
            let outcome = await reconciler.checkDrift(options: heal)
            #expect(outcome.report?.stage("dns")?.heal?.action == .reapplied)
            #expect(fixture.read(Self.dnsmasq) == original)
            clock.advance(seconds: 600)
        }
        // ...then the third drift of the same file is left alone, and the report says why.
        try fixture.write(Self.dnsmasq, original + "server=10.9.9.3\n")
        let stopped = await reconciler.checkDrift(options: heal)
        #expect(stopped.heals.isEmpty)
        let note = try #require(stopped.report?.stage("dns")?.heal)
        #expect(note.action == .suspended)
        #expect(note.message.contains("host:/etc/dnsmasq.conf drifted again after 2 repair(s) within 1h"))
        #expect(fixture.read(Self.dnsmasq) == original + "server=10.9.9.3\n")
        let suspended = try #require(try fixture.engine.state()?.drift?.suspensions.first)
        #expect(suspended.stage == "dns" && suspended.repairs == 2)
        let stoppedID = try #require(stopped.report?.id)
        #expect(try fixture.recordedRuns().first { $0.id == stoppedID }?.drift?.stage("dns")?.heal?.action == .suspended)
        let status = try #require(try WatcherStatus.load(settings: fixture.settings()))
        #expect(status.selfHealSuspended.map(\.stage) == ["dns"])

        // It stays stopped, even after the window, while the edit stays; nothing new is recorded.
        clock.advance(seconds: 7200)
        let commits = try fixture.engine.statusCommits().count
        let still = await reconciler.checkDrift(options: heal)
        #expect(still.heals.isEmpty && still.report?.stage("dns")?.heal?.action == .suspended)
        #expect(try fixture.engine.statusCommits().count == commits)

        // The person undoes the edit: in sync, self-heal resumes and repairs the next drift.
        try fixture.write(Self.dnsmasq, original)
        #expect(await reconciler.checkDrift(options: heal).report?.stage("dns")?.status == .inSync)
        #expect(try fixture.engine.state()?.drift?.suspensions.isEmpty == true)
        try fixture.write(Self.dnsmasq, original + "server=10.9.9.4\n")
        #expect(await reconciler.checkDrift(options: heal).heals.count == 1)
        #expect(fixture.read(Self.dnsmasq) == original)
    }

    @Test func anExplicitHealOverridesTheGuard() async throws {
        let fixture = try DriftFixture()
        let reconciler = fixture.reconciler(settings: fixture.settings(selfHeal: true, limit: 1))
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        let original = try #require(fixture.read(Self.dnsmasq))
        try fixture.write(Self.dnsmasq, original + "# one\n")
        _ = await reconciler.checkDrift(options: DriftOptions(heal: true))
        try fixture.write(Self.dnsmasq, original + "# two\n")
        #expect(await reconciler.checkDrift(options: DriftOptions(heal: true)).heals.isEmpty)
        let forced = await reconciler.checkDrift(options: DriftOptions(heal: true, force: true))
        #expect(forced.heals.count == 1)
        #expect(fixture.read(Self.dnsmasq) == original)
        #expect(try fixture.engine.state()?.drift?.suspensions.isEmpty == true)
    }

    @Test func withoutStateThereIsNothingToCheck() async throws {
        let fixture = try DriftFixture()
        let outcome = await fixture.reconciler().checkDrift()
        #expect(outcome.report == nil)
        #expect(outcome.exitCode == 1)
        #expect(outcome.failure?.contains("nothing was applied") == true)
        #expect(try fixture.engine.state() == nil)
    }
}

extension DriftReport {
    /// The entry of one stage.
    func stage(_ id: StageID) -> StageDrift? { stages.first { $0.stage == id } }
}
