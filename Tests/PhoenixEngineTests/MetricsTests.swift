import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// What the engine emits through `PhoenixMetrics`: one count per run, stage, fetch and trigger, at the
/// point where it happens, and gauges from the saved state.
@Suite struct MetricsTests {
    typealias Name = PhoenixMetrics.Name

    func reconciler(_ fixture: EngineFixture, _ recorder: RecordingMetricsFactory, gate: Gate? = nil) -> Reconciler {
        var configuration = fixture.configuration(
            catalogue: gate.map { TestCatalogue.make(faults: fixture.faults, gate: $0, gatedStage: "names") })
        configuration.metrics = PhoenixMetrics(factory: recorder)
        return Reconciler(configuration)
    }

    @Test func aRunCountsItsStagesAndFetchOnceAndAnIdlePollCountsOnlyAFetch() async throws {
        let fixture = try EngineFixture()
        let commit = try fixture.pushBaseConfig()
        let recorder = RecordingMetricsFactory()
        let reconciler = reconciler(fixture, recorder)

        let first = await reconciler.reconcile(triggers: [RunTrigger(.poll)])
        #expect(first.outcome == .finished(.succeeded))
        #expect(recorder.counter(Name.runs, [("result", "success")]) == 1)
        #expect(recorder.counterTotal(Name.runs) == 1)
        #expect(recorder.timerCount(Name.runDuration) == 1)
        #expect(recorder.counter(Name.fetches, [("result", "success")]) == 1)
        #expect(recorder.timerCount(Name.fetchDuration) == 1)
        // Each stage the plan ran is counted once; stages it skipped (nothing they read changed) are not.
        let ran = (first.report?.stages ?? []).filter { $0.decision.runs }.map(\.stage.rawValue)
        #expect(ran.count >= 3)
        for stage in ran {
            #expect(recorder.counter(Name.stageRuns, [("stage", stage), ("result", "success")]) == 1, "\(stage)")
        }
        #expect(recorder.counterTotal(Name.stageRuns) == Int64(ran.count))
        #expect(recorder.gauge(Name.stagesFailing) == 0)
        let committed = try GitCLI(in: fixture.remote).run("show", "-s", "--format=%ct", commit)
        let commitTime = try #require(Double(committed.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(recorder.gauge(Name.lastAppliedCommitTime) == commitTime)

        // An idle poll: a fetch and a skipped run, no stage.
        let idle = await reconciler.reconcile(triggers: [RunTrigger(.poll)])
        guard case .idle = idle.outcome else {
            Issue.record("expected idle, got \(idle.outcome)")
            return
        }
        #expect(recorder.counter(Name.runs, [("result", "skipped")]) == 1)
        #expect(recorder.counterTotal(Name.runs) == 2)
        #expect(recorder.counter(Name.fetches, [("result", "success")]) == 2)
        #expect(recorder.counterTotal(Name.stageRuns) == Int64(ran.count))
    }

    @Test func aFailedStageSetsTheFailingGaugeAndItsDependentCountsAsSkipped() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let recorder = RecordingMetricsFactory()
        fixture.faults.fail("names")
        let result = await reconciler(fixture, recorder).reconcile()
        #expect(result.outcome == .finished(.failed))
        #expect(recorder.counter(Name.runs, [("result", "failure")]) == 1)
        #expect(recorder.counter(Name.stageRuns, [("stage", "names"), ("result", "failure")]) == 1)
        #expect(recorder.counter(Name.stageRuns, [("stage", "gateway"), ("result", "skipped")]) == 1)
        #expect(recorder.counter(Name.stageRuns, [("stage", "vms"), ("result", "success")]) == 1)
        #expect(recorder.gauge(Name.stagesFailing) == 1)
        // Nothing was applied successfully as a whole: no commit time yet.
        #expect(recorder.gauge(Name.lastAppliedCommitTime) == nil)
    }

    @Test func anUnreachableRemoteCountsAFailedFetchAndAFailedRun() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let recorder = RecordingMetricsFactory()
        var settings = fixture.settings()
        settings.repo = fixture.scratch.path("no-such-repository.git").path
        var configuration = fixture.configuration(settings: settings)
        configuration.metrics = PhoenixMetrics(factory: recorder)
        let result = await Reconciler(configuration).reconcile()
        guard case .fetchFailed = result.outcome else {
            Issue.record("expected a fetch failure, got \(result.outcome)")
            return
        }
        #expect(recorder.counter(Name.fetches, [("result", "failure")]) == 1)
        #expect(recorder.counter(Name.runs, [("result", "failure")]) == 1)
        #expect(recorder.counterTotal(Name.stageRuns) == 0)
    }

    @Test func everyTriggerIsCountedOnceBySourceAndDisposition() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let recorder = RecordingMetricsFactory()
        let gate = Gate()
        let coordinator = ReconcileCoordinator(reconciler: reconciler(fixture, recorder, gate: gate))
        let first = await coordinator.submit(RunTrigger(.startup))
        await gate.reached()
        _ = await coordinator.submit(RunTrigger(.webhook, detail: "generic"))
        _ = await coordinator.submit(RunTrigger(.poll))
        _ = await coordinator.submit(RunTrigger(.webhook, detail: "generic"))
        await gate.open()
        _ = await coordinator.result(of: first.runID)
        await coordinator.shutdown()
        _ = await coordinator.submit(RunTrigger(.webhook))

        #expect(recorder.counter(Name.triggers, [("source", "startup"), ("disposition", "started")]) == 1)
        #expect(recorder.counter(Name.triggers, [("source", "webhook"), ("disposition", "queued")]) == 1)
        #expect(recorder.counter(Name.triggers, [("source", "poll"), ("disposition", "coalesced")]) == 1)
        #expect(recorder.counter(Name.triggers, [("source", "webhook"), ("disposition", "coalesced")]) == 1)
        #expect(recorder.counter(Name.triggers, [("source", "webhook"), ("disposition", "refused")]) == 1)
        #expect(recorder.counterTotal(Name.triggers) == 5)
        // The queued run was dropped by the shutdown or ran; a refusal is never counted as a run.
        #expect(recorder.counterTotal(Name.runs) <= 2)
        #expect(recorder.counter(Name.runs, [("result", "success")]) >= 1)
    }
}
