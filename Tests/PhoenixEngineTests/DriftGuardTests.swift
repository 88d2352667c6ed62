import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import Testing

/// The anti-flapping guard on its own: counting by object, the window, what lifts a suspension.
@Suite struct DriftGuardTests {
    static let commit = ObjectID(hex: String(repeating: "a", count: 40))
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func drifted(_ objects: [String], stage: StageID = "dns", commit: ObjectID? = commit) -> StageDrift {
        StageDrift(
            stage: stage, status: .drifted, commit: commit, items: objects.map { .drifted(.host, $0, "modified") })
    }

    static func report(_ stages: [StageDrift]) -> DriftReport {
        DriftReport(id: "000000000001", checkedAt: t0, stages: stages)
    }

    @Test func countsRepairsPerObjectAndStopsAtTheLimit() {
        let guardian = DriftGuard(limit: 2, windowSeconds: 3600)
        var memory = DriftMemory()
        #expect(guardian.decide(Self.drifted(["/a"]), memory: &memory, now: Self.t0) == .heal)
        // Another object of the same stage has its own count.
        #expect(guardian.decide(Self.drifted(["/b"]), memory: &memory, now: Self.t0) == .heal)
        #expect(guardian.decide(Self.drifted(["/a"]), memory: &memory, now: Self.t0.addingTimeInterval(60)) == .heal)
        guard case .suspended(let suspension) = guardian.decide(
            Self.drifted(["/a"]), memory: &memory, now: Self.t0.addingTimeInterval(120))
        else {
            Issue.record("expected a suspension")
            return
        }
        #expect(suspension.object == "host:/a" && suspension.repairs == 2 && suspension.commit == Self.commit)
        // Suspended for the whole stage, whichever object drifts next.
        #expect(guardian.decide(Self.drifted(["/b"]), memory: &memory, now: Self.t0.addingTimeInterval(180)) == .suspended(suspension))
    }

    @Test func repairsOutsideTheWindowAreForgotten() {
        let guardian = DriftGuard(limit: 2, windowSeconds: 600)
        var memory = DriftMemory()
        for minute in [0, 5] {
            #expect(guardian.decide(Self.drifted(["/a"]), memory: &memory, now: Self.t0.addingTimeInterval(Double(minute * 60))) == .heal)
        }
        let later = Self.t0.addingTimeInterval(11 * 60)
        guardian.refresh(&memory, report: Self.report([Self.drifted(["/a"])]), now: later)
        #expect(memory.repairs.first?.at == [Self.t0.addingTimeInterval(300)])
        #expect(guardian.decide(Self.drifted(["/a"]), memory: &memory, now: later) == .heal)
    }

    @Test func aSuspensionEndsInSyncOrAtANewWatermarkNotWithTime() {
        let guardian = DriftGuard(limit: 1, windowSeconds: 60)
        var memory = DriftMemory()
        _ = guardian.decide(Self.drifted(["/a"]), memory: &memory, now: Self.t0)
        _ = guardian.decide(Self.drifted(["/a"]), memory: &memory, now: Self.t0)
        #expect(memory.suspensions.count == 1)

        let muchLater = Self.t0.addingTimeInterval(86400)
        #expect(guardian.refresh(&memory, report: Self.report([Self.drifted(["/a"])]), now: muchLater).isEmpty)
        #expect(memory.suspensions.count == 1)

        let moved = ObjectID(hex: String(repeating: "b", count: 40))
        let lines = guardian.refresh(&memory, report: Self.report([Self.drifted(["/a"], commit: moved)]), now: muchLater)
        #expect(lines == ["self-heal resumed for dns: it was applied from bbbbbbb since"])
        #expect(memory.suspensions.isEmpty && memory.repairs.isEmpty)

        _ = guardian.decide(Self.drifted(["/a"]), memory: &memory, now: muchLater)
        _ = guardian.decide(Self.drifted(["/a"]), memory: &memory, now: muchLater)
        let inSync = StageDrift(stage: "dns", status: .inSync, commit: Self.commit)
        #expect(guardian.refresh(&memory, report: Self.report([inSync]), now: muchLater) == ["self-heal resumed for dns: it is in sync again"])
    }

    @Test func fingerprintsChangeWithTheDriftNotWithTheTime() {
        let one = Self.report([Self.drifted(["/a"])])
        var later = one
        later.checkedAt = Self.t0.addingTimeInterval(600)
        later.id = "000000000002"
        #expect(one.fingerprint == later.fingerprint)
        #expect(one.fingerprint != Self.report([Self.drifted(["/b"])]).fingerprint)
        #expect(Self.report([StageDrift(stage: "dns", status: .inSync)]).fingerprint.isEmpty)
        #expect(one.exitCode == 2)
        let unknown = Self.report([StageDrift(stage: "x", status: .unknown, items: [.unknown(.lxc(1), "/f", "stopped")])])
        #expect(unknown.exitCode == 1)
        let unobserved = Self.report([StageDrift(stage: "x", status: .unknown, items: [.unobserved(.vm(1), "swarm", "local")])])
        #expect(unobserved.exitCode == 0 && unobserved.status == .unknown)
    }
}
