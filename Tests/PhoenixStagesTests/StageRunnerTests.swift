import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixTesting
import Synchronization
import Testing

@testable import PhoenixStages

/// A stage for runner tests: fails or succeeds on demand and records that it ran.
struct ProbeStage: Stage {
    let id: StageID
    let dependencies: [StageID]
    let fails: Bool
    let ran: RunOrder
    var summary: String { "probe \(id)" }
    var inputs: [InputRule] { [] }

    func roots(_ settings: StageSettings) -> PathRoots { PathRoots(host: ["/"], guests: ["/"]) }

    func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render { Render(stage: id) }

    func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        ran.append(id)
        if fails { throw StageError.failed(id, "probe failure with password=hunter22") }
        return ApplyReport(actions: [["probe", id.rawValue]])
    }
}

/// The ids of stages in the order they ran.
final class RunOrder: Sendable {
    private let storage = Mutex<[StageID]>([])
    func append(_ id: StageID) { storage.withLock { $0.append(id) } }
    var ids: [StageID] { storage.withLock { $0 } }
}

@Suite struct StageRunnerTests {
    @Test func failuresSkipTheirDependentsTransitivelyAndOthersStillRun() async throws {
        let ran = RunOrder()
        func probe(_ id: StageID, _ dependencies: [StageID] = [], fails: Bool = false) -> ProbeStage {
            ProbeStage(id: id, dependencies: dependencies, fails: fails, ran: ran)
        }
        // Given out of order on purpose: the catalogue orders them.
        let catalogue = StageCatalogue([
            probe("c", ["b"]), probe("b", ["a"]), probe("a", fails: true), probe("d"), probe("e", ["d"]),
            probe("f", ["d", "c"]), probe("g", ["absent-from-run"]), probe("h"),
        ])
        let snapshot = try StagesBFixtures.example()
        var renders = Dictionary(uniqueKeysWithValues: catalogue.stages.map { ($0.id, Render(stage: $0.id)) })
        renders["h"] = Render(
            stage: "h", diagnostics: [Diagnostic(severity: .error, code: "x", file: nil, message: "broken input")])
        let reported = RunOrder()
        let results = await StageRunner(catalogue: catalogue).run(
            ["a", "b", "c", "d", "e", "f", "g", "h", "nope"], renders: renders,
            context: { _ in StagesBFixtures.context(RecordingDriver(), snapshot) },
            onResult: { reported.append($0.stage) })

        let outcomes = Dictionary(uniqueKeysWithValues: results.map { ($0.stage.rawValue, $0.outcome) })
        #expect(outcomes["a"] == .failed("a: probe failure with password=<redacted>"))
        #expect(outcomes["b"] == .skipped("dependency failed: a"))
        #expect(outcomes["c"] == .skipped("dependency failed: a (via b)"))
        #expect(outcomes["f"] == .skipped("dependency failed: a (via c)"))
        #expect(outcomes["d"] == .succeeded(ApplyReport(actions: [["probe", "d"]])))
        #expect(outcomes["e"]?.succeeded == true)
        #expect(outcomes["g"]?.succeeded == true)  // its dependency is not in this run: assumed done before
        #expect(outcomes["h"].map { "\($0)" }?.contains("render failed with 1 error(s): broken input") == true)
        #expect(outcomes["nope"] == .failed("nope: no such stage in the catalogue"))
        #expect(ran.ids == ["a", "d", "e", "g"])
        #expect(results.map(\.stage) == reported.ids)
        #expect(results.last?.stage == "nope")
        #expect(results.filter { if case .skipped = $0.outcome { true } else { false } }.allSatisfy { $0.duration == .zero })
        // DAG order: every stage comes after its dependencies.
        let position = Dictionary(uniqueKeysWithValues: results.enumerated().map { ($1.stage, $0) })
        for stage in catalogue.stages { for dependency in stage.dependencies { if let d = position[dependency], let s = position[stage.id] { #expect(d < s) } } }
    }

    @Test func aFailingGuestCommandFailsSwarmAndSkipsPortainerAndStackDeploy() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.prepareExampleSwarm(StandInDocker.swarm(managerHostname: "swarm-manager", location: "vm 310", address: "10.20.0.50"))
        // qm itself succeeds; the JSON it prints says the command inside the VM exited 1.
        try host.addRule(
            .guest("qm", ["docker", "info"], exitCode: 1, stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock"))
        let snapshot = try StagesBFixtures.example()
        let ran = RunOrder()
        let catalogue = StageCatalogue([
            StackDeployStage(), PortainerStage(), SwarmStage(), ProbeStage(id: "independent", dependencies: [], fails: false, ran: ran),
        ])
        let renders = Dictionary(
            uniqueKeysWithValues: catalogue.stages.map { ($0.id, $0.render(snapshot, settings: StageSettings())) })
        let driver = host.proxmoxDriver()
        let results = await StageRunner(catalogue: catalogue).run(
            Set(catalogue.ids), renders: renders, context: { _ in StagesBFixtures.context(driver, snapshot) })

        #expect(results.map(\.stage) == [.swarm, .stackDeploy, .portainer, "independent"])
        let outcome = Dictionary(uniqueKeysWithValues: results.map { ($0.stage, $0.outcome) })
        guard case .failed(let message)? = outcome[.swarm] else {
            Issue.record("swarm should fail, got \(String(describing: outcome[.swarm]))")
            return
        }
        #expect(message.contains("exit code 1") && message.contains("docker info") && message.contains("Cannot connect"))
        #expect(outcome[.portainer] == .skipped("dependency failed: swarm"))
        #expect(outcome[.stackDeploy] == .skipped("dependency failed: swarm"))
        #expect(outcome["independent"]?.succeeded == true)
        #expect(ran.ids == ["independent"])
        #expect(results[0].duration > .zero)
        #expect(try host.dockerMutations().isEmpty)
        #expect(try host.guestCommands().count == 1)
    }
}
