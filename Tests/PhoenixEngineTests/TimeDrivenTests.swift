import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Work driven by time, not git: certificates renewed before they expire without any commit, and the
/// watcher's timers (drift checks, certificates) firing on schedule.
@Suite struct TimeDrivenTests {
    @Test func aCertificateNearExpiryIsRenewedWithoutACommit() async throws {
        let fixture = try IssuerFixture()
        let reconciler = fixture.reconciler()
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        #expect(try await fixture.certificateHolds(for: 36 * 3600))
        #expect(try fixture.journal().map(\.first) == ["step", "sh"])

        // Freshly issued: nothing is due, nothing runs, nothing is recorded.
        let commits = try fixture.engine.statusCommits().count
        #expect(await reconciler.renewCertificates().outcome == .idle(ObjectID(hex: fixture.commit)))
        #expect(try fixture.engine.statusCommits().count == commits)

        // A certificate that ends in 24 hours, inside the 36-hour window (made by hand with openssl).
        try await fixture.replaceCertificate(days: 1)
        #expect(try await !fixture.certificateHolds(for: 36 * 3600))
        let renewed = await reconciler.renewCertificates()
        #expect(renewed.outcome == .finished(.succeeded))
        let report = try #require(renewed.report)
        #expect(report.trigger.kind == .time)
        #expect(report.source.commit?.hex == fixture.commit)
        let stage = try #require(report.stages.first { $0.stage == .certificates })
        #expect(stage.decision == .run && stage.result == .succeeded)
        #expect(stage.reasons.first?.contains("web.lab.test: expires") == true)
        #expect(stage.notes.contains { $0.hasPrefix("renewed web.lab.test: expires") })
        #expect(try await fixture.certificateHolds(for: 36 * 3600))
        #expect(try fixture.journal().map(\.first) == ["step", "sh", "step", "sh"])

        // No commit was needed or made; the ledger shows the run with trigger `time`; watermarks stay.
        #expect(try fixture.engine.remoteGit.revParse("main") == fixture.commit)
        #expect(try fixture.engine.statusCommits().count == commits + 1)
        let trailer = try fixture.engine.remoteGit.run("log", "-1", "--format=%B", "phoenix-status")
        #expect(trailer.contains("Trigger: time (certificates due: 1 item(s))"))
        let state = try #require(try fixture.engine.state())
        #expect(state.stage(.certificates).appliedCommit?.hex == fixture.commit)
        #expect(state.lastTarget?.hex == fixture.commit)
        #expect(await reconciler.renewCertificates().outcome == .idle(ObjectID(hex: fixture.commit)))
    }

    @Test func theWatcherRenewsOnItsOwnIntervalBetweenPolls() async throws {
        let fixture = try IssuerFixture()
        let reconciler = fixture.reconciler()
        let service = ReconcileCoordinator(reconciler: reconciler)
        let clock = fixture.clock
        let delays = DelayRecorder()
        let replaced = Counter()
        let root = fixture.root
        let watcher = Poller(
            service: service, schedule: PollSchedule(intervalSeconds: 1800, jitter: 0),
            maintenance: MaintenanceSchedule(driftIntervalSeconds: nil, certificateIntervalSeconds: 3600),
            logger: quietLogger,
            sleep: { seconds in
                delays.append(seconds)
                clock.advance(seconds: seconds)
                // Half an hour after start-up, the certificate is found to end within a day.
                if replaced.value == 0 {
                    replaced.increment()
                    try await IssuerFixture.replaceCertificate(root: root, days: 1)
                }
            }, jitter: { 0 }, now: { clock.now })
        // Polls at 0 (start-up: issue), 30 min, 60 min; the certificate timer at 0 (nothing due) and
        // at 60 min (renewal).
        _ = await watcher.run(maxPolls: 3)
        await service.shutdown()
        #expect(delays.values == [1800, 1800])
        #expect(try fixture.journal().filter { $0.first == "step" }.count == 2)
        let timeRuns = try fixture.engine.remoteGit.run("log", "--format=%B", "phoenix-status")
            .components(separatedBy: "Trigger: time").count - 1
        #expect(timeRuns == 1)
        #expect(try await fixture.certificateHolds(for: 36 * 3600))
    }

    @Test func theWatcherChecksDriftOnItsIntervalAndReportsTheGauge() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        let service = ReconcileCoordinator(reconciler: reconciler)
        let clock = fixture.clock
        let start = clock.now
        let delays = DelayRecorder()
        let metrics = RecordingMetrics()
        let watcher = Poller(
            service: service, schedule: PollSchedule(intervalSeconds: 60, jitter: 0),
            maintenance: MaintenanceSchedule(driftIntervalSeconds: 150, certificateIntervalSeconds: nil),
            logger: quietLogger,
            sleep: { seconds in
                delays.append(seconds)
                clock.advance(seconds: seconds)
            }, jitter: { 0 }, now: { clock.now }, metrics: PhoenixMetrics(factory: metrics))
        // Polls at 0, 60, 120, 180; drift checks at 0 (after start-up) and 150, between two polls.
        _ = await watcher.run(maxPolls: 4)
        await service.shutdown()
        #expect(delays.values == [60, 60, 30, 30])
        let check = try #require(try fixture.state()?.drift?.lastCheck)
        #expect(check.checkedAt == start.addingTimeInterval(150))
        #expect(check.stages.count == 4)
        #expect(metrics.value(PhoenixMetrics.Name.driftStages, [("state", "in_sync")]) == 4)
        #expect(metrics.value(PhoenixMetrics.Name.driftStages, [("state", "drifted")]) == 0)
        #expect(metrics.value(PhoenixMetrics.Name.driftStages, [("state", "unknown")]) == 0)
    }

    @Test func timersFallingBehindSkipMissedSlots() {
        let due = Date(timeIntervalSince1970: 1000)
        #expect(Poller.nextDue(after: due, interval: 60, now: due.addingTimeInterval(10)) == due.addingTimeInterval(60))
        // A check that took longer than its interval does not start again at once.
        #expect(Poller.nextDue(after: due, interval: 60, now: due.addingTimeInterval(100)) == due.addingTimeInterval(160))
    }
}
