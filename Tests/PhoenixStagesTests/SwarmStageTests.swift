import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixTesting
import Testing

@testable import PhoenixStages

/// The swarm stage through the Proxmox driver against the stand-in `qm` and `docker`.
@Suite struct SwarmStageTests {
    /// The example's swarm as already formed: manager 310, worker-1 joined with `zone=a` and an old
    /// label, worker-2 not joined, no overlay network, no secret.
    static func partlyFormed() -> StandInDocker {
        var docker = StandInDocker.swarm(managerHostname: "swarm-manager", location: "vm 310", address: "10.20.0.50")
        docker.nodes.append(
            StandInDocker.Node(
                id: "node-worker-1", hostname: "swarm-worker-1", labels: ["zone": "a", "old": "x"], location: "vm 320"))
        return docker
    }

    @Test func convergesLabelsBothWaysJoinsCreatesAndThenDoesNothing() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.prepareExampleSwarm(Self.partlyFormed())
        let snapshot = try StagesBFixtures.example()
        let stage = SwarmStage()
        let render = stage.render(snapshot, settings: StageSettings())
        let log = LogLines()
        let report = try await stage.apply(
            render, context: StagesBFixtures.context(host.proxmoxDriver(), snapshot, log: log))

        let mutations = try host.dockerMutations().map { "\($0.vmid): " + $0.argv.joined(separator: " ") }
        #expect(
            mutations == [
                "310: docker network create --driver overlay --attachable traefik-public",
                "321: docker swarm join --token SWMTKN-1-standin-worker 10.20.0.50:2377",
                "310: docker node update --label-rm old --label-add storage=ssd node-worker-1",
                "310: docker node update --label-add monitoring=true --label-add zone=b \(try Self.nodeID("swarm-worker-2", host))",
                "310: docker secret create portainer_admin_password -",
            ])
        let docker = try host.docker()
        #expect(docker.node(named: "swarm-worker-1")?.labels == ["zone": "a", "storage": "ssd"])
        #expect(docker.node(named: "swarm-worker-2")?.labels == ["zone": "b", "monitoring": "true"])
        #expect(docker.networks.map(\.name) == ["traefik-public"])
        #expect(docker.secrets.map(\.name) == ["portainer_admin_password"])
        #expect(docker.secrets.first?.bytes == 12)
        // The join token is a secret: not in the report, not in the log.
        #expect(report.actions.count == 5)
        #expect(!"\(report)".contains("SWMTKN-1-standin-worker"))
        #expect(!log.lines.joined().contains("SWMTKN"))
        #expect(!host.callLogText().contains("--force-new-cluster"))

        let before = try host.guestCommands().count
        let second = try await stage.apply(
            render, context: StagesBFixtures.context(host.proxmoxDriver(), snapshot, previous: render.applied))
        #expect(second.actions.isEmpty)
        #expect(try host.dockerMutations().count == mutations.count)
        #expect(try host.guestCommands().count > before)  // it did look
    }

    /// A recording driver answering like the example's formed swarm, worker-1 labelled `labels`.
    static func formedSwarm(worker1Labels labels: String) async -> RecordingDriver {
        let driver = RecordingDriver()
        let manager = Location.vm(310)
        await driver.answer(["docker", "info"], at: manager, with: CommandResult(exitCode: 0, stdout: "active true\n"))
        await driver.answer(["docker", "network", "inspect"], at: manager, with: CommandResult(exitCode: 0, stdout: "overlay\n"))
        await driver.answer(
            ["docker", "node", "ls"], at: manager,
            with: CommandResult(
                exitCode: 0,
                stdout: """
                    {"ID":"m1","Hostname":"swarm-manager","Status":"Ready","ManagerStatus":"Leader","Self":true}
                    {"ID":"w1old","Hostname":"swarm-worker-1","Status":"Down","ManagerStatus":"","Self":false}
                    {"ID":"w1","Hostname":"swarm-worker-1","Status":"Ready","ManagerStatus":"","Self":false}
                    {"ID":"w2","Hostname":"swarm-worker-2","Status":"Ready","ManagerStatus":"","Self":false}

                    """))
        await driver.answer(["docker", "node", "inspect"], at: manager, with: CommandResult(exitCode: 0, stdout: "{}\n"))
        await driver.answer(
            ["docker", "node", "inspect", "--format", "{{json .Spec.Labels}}", "w1"], at: manager,
            with: CommandResult(exitCode: 0, stdout: labels + "\n"))
        await driver.answer(
            ["docker", "node", "inspect", "--format", "{{json .Spec.Labels}}", "w2"], at: manager,
            with: CommandResult(exitCode: 0, stdout: #"{"monitoring":"true","zone":"b"}"# + "\n"))
        await driver.answer(["docker", "secret", "inspect"], at: manager, with: CommandResult(exitCode: 0, stdout: "s1\n"))
        return driver
    }

    @Test func aLabelRemovedFromTheConfigIsRemovedFromTheNodeByID() async throws {
        let edited = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(
                &files, "config/phoenix_vm_configs.json", "\"zone=a\",\n                \"storage=ssd\"", "\"zone=a\"")
        }
        let driver = await Self.formedSwarm(worker1Labels: #"{"storage":"ssd","zone":"a"}"#)
        let stage = SwarmStage()
        let report = try await stage.apply(
            stage.render(edited, settings: StageSettings()), context: StagesBFixtures.context(driver, edited))
        // The Down node of the same hostname (a re-joined VM) is never addressed: updates go by id.
        #expect(report.actions == [["docker", "node", "update", "--label-rm", "storage", "w1"]])
        #expect(await driver.commands().filter { $0.contains("w1old") }.isEmpty)

        let converged = await Self.formedSwarm(worker1Labels: #"{"zone":"a"}"#)
        let again = try await stage.apply(
            stage.render(edited, settings: StageSettings()), context: StagesBFixtures.context(converged, edited))
        #expect(again.actions.isEmpty)
        #expect(await converged.commands().allSatisfy { !$0.contains("update") && !$0.contains("create") && !$0.contains("join") })
    }

    @Test func aMissingLabelGetsExactlyOneLabelAdd() async throws {
        let example = try StagesBFixtures.example()
        let driver = await Self.formedSwarm(worker1Labels: #"{"zone":"a"}"#)
        let report = try await SwarmStage().apply(
            SwarmStage().render(example, settings: StageSettings()), context: StagesBFixtures.context(driver, example))
        #expect(report.actions == [["docker", "node", "update", "--label-add", "storage=ssd", "w1"]])
        // The manager has no node_labels; its empty label set stays empty, and nothing else changes.
        #expect(await driver.commands().filter { $0.starts(with: ["docker", "node", "update"]) }.count == 1)
    }

    @Test func anInactiveEngineIsInitialisedNeverForced() async throws {
        let example = try StagesBFixtures.example()
        let driver = await Self.formedSwarm(worker1Labels: #"{"storage":"ssd","zone":"a"}"#)
        await driver.answer(["docker", "info"], at: .vm(310), with: CommandResult(exitCode: 0, stdout: "inactive false\n"))
        let report = try await SwarmStage().apply(
            SwarmStage().render(example, settings: StageSettings()), context: StagesBFixtures.context(driver, example))
        #expect(report.actions == [["docker", "swarm", "init", "--advertise-addr", "10.20.0.50"]])
        #expect(await driver.commands().allSatisfy { !$0.contains("--force-new-cluster") })
    }

    @Test func aManagerThatIsSomeoneElsesWorkerIsLeftAlone() async throws {
        let example = try StagesBFixtures.example()
        let driver = await Self.formedSwarm(worker1Labels: "{}")
        await driver.answer(["docker", "info"], at: .vm(310), with: CommandResult(exitCode: 0, stdout: "active false\n"))
        await #expect {
            try await SwarmStage().apply(
                SwarmStage().render(example, settings: StageSettings()), context: StagesBFixtures.context(driver, example))
        } throws: { error in
            "\(error)".contains("not re-initialised")
        }
        #expect(await driver.commands().filter { $0.contains("init") || $0.contains("update") }.isEmpty)
    }

    @Test func aFailedJoinNeverShowsTheToken() async throws {
        let example = try StagesBFixtures.example()
        let driver = await Self.formedSwarm(worker1Labels: #"{"storage":"ssd","zone":"a"}"#)
        // worker-2 is not in the swarm yet; the token is not SWMTKN-shaped, so only the literal
        // redactor built from the fetched token can hide it.
        await driver.answer(
            ["docker", "node", "ls"], at: .vm(310),
            with: CommandResult(
                exitCode: 0, stdout: #"{"ID":"m1","Hostname":"swarm-manager","Status":"Ready","ManagerStatus":"Leader"}"#))
        await driver.answer(
            ["docker", "swarm", "join-token"], at: .vm(310), with: CommandResult(exitCode: 0, stdout: "plain-join-secret-4711\n"))
        await driver.answer(
            ["docker", "swarm", "join"], at: .vm(320),
            with: CommandResult(exitCode: 1, stdout: "", stderr: "rejected token plain-join-secret-4711\n"))
        let log = LogLines()
        await #expect {
            try await SwarmStage().apply(
                SwarmStage().render(example, settings: StageSettings()),
                context: StagesBFixtures.context(driver, example, log: log))
        } throws: { error in
            let text = "\(error)"
            return text.contains("swarm-worker-1") && text.contains("rejected token <redacted>")
                && !text.contains("plain-join-secret-4711")
        }
        #expect(!log.lines.joined().contains("plain-join-secret-4711"))
        #expect(await driver.commands(at: .vm(320)) == [["docker", "swarm", "join", "--token", "plain-join-secret-4711", "10.20.0.50:2377"]])
    }

    @Test func managerCountProblemsAreRenderErrors() throws {
        let twoManagers = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(
                &files, "config/phoenix_vm_configs.json", "\"swarm_role\": \"worker\",\n            \"node_labels\": [\n                \"zone=b\"",
                "\"swarm_role\": \"manager\",\n            \"node_labels\": [\n                \"zone=b\"")
        }
        let render = SwarmStage().render(twoManagers, settings: StageSettings())
        #expect(render.artifacts.isEmpty)
        #expect(render.diagnostics.filter { $0.code == .swarmManagerCount && $0.severity == .error }.count == 2)

        let noManager = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"swarm_role\": \"manager\",", "")
        }
        let none = SwarmStage().render(noManager, settings: StageSettings())
        // Issue #19 (this used to be an error): workers waiting for a manager are a swarm under construction.
        #expect(!none.hasErrors && none.artifacts.isEmpty)
        #expect(none.notApplicable?.contains("wait for a VM with swarm_role") == true)

        let badLabel = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"zone=b\"", "\"=b\"")
        }
        let label = SwarmStage().render(badLabel, settings: StageSettings())
        #expect(label.diagnostics.contains { $0.code == .invalidNodeLabel && $0.pointer?.description == "/vms/2/node_labels" })

        let noSwarm = try StagesBFixtures.snapshot(vm: #"{"vms": [{"vmid": 500, "name": "plain"}]}"#)
        let empty = SwarmStage().render(noSwarm, settings: StageSettings())
        #expect(empty.artifacts.isEmpty && !empty.hasErrors)
        #expect(empty.notApplicable != nil, "no swarm manager yet: not applicable (issue #19)")
    }

    @Test func aStoppedManagerIsNamedAndNothingRuns() async throws {
        let example = try StagesBFixtures.example()
        let driver = RecordingDriver(guestStates: [.vm(310): .stopped])
        await #expect {
            try await SwarmStage().apply(
                SwarmStage().render(example, settings: StageSettings()), context: StagesBFixtures.context(driver, example))
        } throws: { error in
            "\(error)" == "swarm: vm 310 (swarm manager swarm-manager) is stopped"
        }
        #expect(await driver.runCount == 0)
    }

    @Test func bothDockerPhrasingsOfAbsenceAreRecognised() {
        #expect(DockerAnswers.isNotFound(CommandResult(exitCode: 1, stdout: "[]\n", stderr: "Error: No such network: traefik-public")))
        #expect(DockerAnswers.isNotFound(CommandResult(exitCode: 1, stdout: "", stderr: "Error response from daemon: network traefik-public not found")))
        #expect(!DockerAnswers.isNotFound(CommandResult(exitCode: 1, stdout: "", stderr: "Cannot connect to the Docker daemon")))
    }

    static func nodeID(_ hostname: String, _ host: StandInHost) throws -> String {
        try #require(try host.docker().node(named: hostname)).id
    }
}
