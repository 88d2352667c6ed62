import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// One run at a time, coalesced triggers, graceful shutdown, and two watchers sharing a ledger.
@Suite struct ConcurrencyTests {
    @Test func twoWatchersOnOneRemoteKeepTheStatusBranchLinear() async throws {
        let fixture = try EngineFixture(daemon: true)
        try fixture.pushBaseConfig()
        let first = fixture.reconciler(state: "alpha")
        let second = fixture.reconciler(state: "beta")
        var expectedRuns = 0
        for round in 0..<3 {
            if round > 0 {
                try fixture.push(
                    ["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.\(20 + round)/24")], message: "round \(round)")
            }
            async let a = first.reconcile(triggers: [RunTrigger(.poll, detail: "alpha")])
            async let b = second.reconcile(triggers: [RunTrigger(.poll, detail: "beta")])
            let results = await [a, b]
            for result in results {
                #expect(result.outcome == .finished(.succeeded), "\(result)")
                #expect(result.published != nil, "\(result.warnings)")
            }
            expectedRuns += 2
        }
        let commits = try fixture.statusCommits()
        #expect(commits.count == expectedRuns)
        let merges = try fixture.remoteGit.run("rev-list", "--merges", "phoenix-status")
        #expect(merges.isEmpty)
        let firstParentChain = try fixture.remoteGit.run("rev-list", "--first-parent", "phoenix-status")
        #expect(firstParentChain.split(separator: "\n").count == expectedRuns)
        let runs = try fixture.remoteGit.run("ls-tree", "--name-only", "phoenix-status:runs/")
        #expect(runs.split(separator: "\n").count == expectedRuns)
        // Both watchers' watermarks are in the latest status.json.
        let watchers = try #require(try fixture.statusJSON()["watchers"] as? [[String: Any]])
        #expect(watchers.count == 2)
        for state in ["alpha", "beta"] {
            #expect(try fixture.state(state)?.pendingReports.isEmpty == true)
            #expect(fixture.targetFiles(state)["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.22/24\n")
        }
        _ = try fixture.remoteGit.run("fsck", "--strict")
    }

    @Test func aHeldLockMakesApplyFailWithAClearMessageOrWait() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let state = fixture.stateDirectory("state")
        let held = try await RunLock.acquire(in: state, timeout: .zero)
        let busy = await fixture.reconciler().reconcile(options: RunOptions(lockTimeout: .zero))
        guard case .lockBusy(let message) = busy.outcome else {
            Issue.record("expected lockBusy, got \(busy.outcome)")
            return
        }
        #expect(message.contains("another phoenix-gitops run (pid \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(message.contains(RunLock.lockFile(in: state).path))
        #expect(busy.exitCode == ExitStatus.lockBusy)  // 75 since issue #18 item 2 (was 1, like a failed stage)

        // A waiting run proceeds once the holder lets go.
        let waiting = Task { await fixture.reconciler().reconcile(options: RunOptions(lockTimeout: .seconds(60))) }
        held.release()
        let result = await waiting.value
        #expect(result.outcome == .finished(.succeeded))
    }

    @Test func triggersDuringARunCollapseIntoOneFollowUpRun() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let gate = Gate()
        let catalogue = TestCatalogue.make(faults: fixture.faults, gate: gate, gatedStage: "names")
        let service = ReconcileCoordinator(reconciler: fixture.reconciler(catalogue: catalogue))
        let observed = await service.results()
        let collector = Task { () -> [RunResult] in
            var seen: [RunResult] = []
            for await result in observed {
                seen.append(result)
                if seen.count == 2 { break }
            }
            return seen
        }

        let firstID = await service.trigger(RunTrigger(.webhook, detail: "delivery 1"))
        await gate.reached()
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.30/24")], message: "during the run")
        let second = await service.trigger(RunTrigger(.webhook, detail: "delivery 2"))
        let third = await service.trigger(RunTrigger(.poll))
        let fourth = await service.trigger(RunTrigger(.webhook, detail: "delivery 3"))
        #expect(second != firstID)
        #expect(second == third && third == fourth)
        await gate.open()

        let firstResult = await service.result(of: firstID)
        let followUp = await service.result(of: second)
        #expect(firstResult.outcome == .finished(.succeeded))
        #expect(followUp.outcome == .finished(.succeeded))
        #expect(followUp.report?.trigger == RunTrigger(.webhook, detail: "delivery 2"))
        #expect(followUp.report?.coalesced == [RunTrigger(.poll), RunTrigger(.webhook, detail: "delivery 3")])
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.30/24\n")
        let seen = await collector.value
        #expect(seen.map(\.id) == [firstID, second])
        #expect(try fixture.statusCommits().count == 2)
        await service.shutdown()
    }

    @Test func shutdownFinishesTheStageInProgressAndTheNextProcessCompletes() async throws {
        let fixture = try EngineFixture()
        let commit = try fixture.pushBaseConfig()
        let gate = Gate()
        let catalogue = TestCatalogue.make(faults: fixture.faults, gate: gate, gatedStage: "names")
        let service = ReconcileCoordinator(reconciler: fixture.reconciler(catalogue: catalogue))
        let id = await service.trigger(RunTrigger(.startup))
        await gate.reached()
        let stopping = Task { await service.shutdown() }
        // Shutdown has asked the run to stop before the stage in progress ends.
        while await !service.isShuttingDown { await Task.yield() }
        await gate.open()
        await stopping.value
        let result = await service.result(of: id)

        #expect(result.outcome == .finished(.interrupted))
        let byStage = Dictionary(uniqueKeysWithValues: (result.report?.stages ?? []).map { ($0.stage, $0.result) })
        #expect(byStage["names"] == .succeeded)
        #expect(byStage["gateway"] == .notRun)
        #expect(byStage["vms"] == .notRun)
        var state = try #require(try fixture.state())
        #expect(state.stage("names").appliedCommit?.hex == commit)
        #expect(state.stage("vms").appliedCommit == nil)
        #expect(state.lastTarget == nil)
        #expect((try fixture.statusJSON()["run"] as? [String: Any])?["result"] as? String == "interrupted")
        // After shutdown the service refuses new work.
        let refused = await service.run(RunTrigger(.poll))
        #expect(refused.exitCode == 1)

        // The next process picks up the stages that did not run, and only those.
        fixture.faults.resetApplied()
        let next = await fixture.reconciler().reconcile()
        #expect(next.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["gateway", "vms"])
        state = try #require(try fixture.state())
        #expect(state.stage("vms").appliedCommit?.hex == commit)
    }
}

/// What a server needs from the coordinator besides results: how a trigger was taken, the last fetch.
@Suite struct CoordinatorReceiptTests {
    @Test func receiptsSayStartedQueuedCoalescedAndRefused() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let gate = Gate()
        let catalogue = TestCatalogue.make(faults: fixture.faults, gate: gate, gatedStage: "names")
        let coordinator = ReconcileCoordinator(reconciler: fixture.reconciler(catalogue: catalogue))
        let first = await coordinator.submit(RunTrigger(.webhook))
        #expect(first.disposition == .started)
        await gate.reached()
        let second = await coordinator.submit(RunTrigger(.webhook))
        let third = await coordinator.submit(RunTrigger(.poll))
        #expect(second.disposition == .queued)
        #expect(third.disposition == .coalesced && third.runID == second.runID)
        await gate.open()
        let result = await coordinator.result(of: first.runID)
        #expect(result.fetch?.succeeded == true)
        #expect(result.fetch?.moved == true)
        _ = await coordinator.result(of: second.runID)
        #expect(await coordinator.lastFetch?.succeeded == true)
        await coordinator.shutdown()
        let refused = await coordinator.submit(RunTrigger(.webhook))
        #expect(refused.disposition == .refused)
        #expect(await coordinator.result(of: refused.runID).exitCode == 1)

        let status = try #require(try WatcherStatus.load(settings: fixture.settings()))
        #expect(status.lastTarget == status.trackedTip)
        #expect(status.stages.count == 4)
    }
}
