import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixTesting
import Testing

@testable import PhoenixStages

/// `Stage.observe`: the observed state of the command stages against their render, read-only, with
/// the apply's own probes; unknown for stopped guests, unobserved on the local driver.
@Suite struct ObserveTests {
    // MARK: - swarm (stand-in docker)

    /// The example's swarm converged by the stage itself through the stand-ins.
    static func convergedSwarm() async throws -> (StandInHost, ConfigSnapshot, Render) {
        let host = try StandInHost()
        try host.prepareExampleSwarm(SwarmStageTests.partlyFormed())
        let snapshot = try StagesBFixtures.example()
        let render = SwarmStage().render(snapshot, settings: StageSettings())
        _ = try await SwarmStage().apply(render, context: StagesBFixtures.context(host.proxmoxDriver(), snapshot))
        return (host, snapshot, render)
    }

    @Test func aConvergedSwarmHasNoDriftAndAWorkerMissingALabelHasExactlyThat() async throws {
        let (host, snapshot, render) = try await Self.convergedSwarm()
        defer { host.remove() }
        let context = StagesBFixtures.context(host.proxmoxDriver(), snapshot)
        #expect(try await SwarmStage().observe(render, context: context).isEmpty)

        // Someone removes a label and adds another by hand.
        var docker = try host.docker()
        let index = try #require(docker.nodes.firstIndex { $0.hostname == "swarm-worker-1" })
        docker.nodes[index].labels["storage"] = nil
        docker.nodes[index].labels["rack"] = "7"
        try host.setDocker(docker)
        let mutations = try host.dockerMutations().count
        let items = try await SwarmStage().observe(render, context: context)
        #expect(
            items == [
                .drifted(.vm(320), "swarm node swarm-worker-1 label rack", "swarm-worker-1: label rack=7 is not in the config"),
                .drifted(.vm(320), "swarm node swarm-worker-1 label storage", "swarm-worker-1: label storage=ssd is missing"),
            ])
        #expect(try host.dockerMutations().count == mutations)  // it only looked
    }

    @Test func aWorkerThatLeftAndAMissingNetworkAreDrift() async throws {
        let (host, snapshot, render) = try await Self.convergedSwarm()
        defer { host.remove() }
        var docker = try host.docker()
        docker.nodes.removeAll { $0.hostname == "swarm-worker-2" }
        docker.networks.removeAll()
        try host.setDocker(docker)
        let items = try await SwarmStage().observe(render, context: StagesBFixtures.context(host.proxmoxDriver(), snapshot))
        #expect(items.map(\.object) == ["swarm network traefik-public", "swarm node swarm-worker-2"])
        #expect(items.allSatisfy { $0.state == .drifted })
        #expect(items.last?.message == "swarm-worker-2 is not a Ready node of the swarm")
    }

    @Test func aStoppedManagerIsUnknownAndTheLocalDriverObservesNothing() async throws {
        let snapshot = try StagesBFixtures.example()
        let render = SwarmStage().render(snapshot, settings: StageSettings())
        let stopped = RecordingDriver(guestStates: [.vm(310): .stopped])
        let items = try await SwarmStage().observe(render, context: StagesBFixtures.context(stopped, snapshot))
        #expect(items == [.unknown(.vm(310), "swarm", "vm 310 is stopped; not checked")])
        #expect(await stopped.runCount == 0)

        let scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        defer { scratch.remove() }
        let local = LocalDriver(root: scratch.path + "/target", checks: [])
        let unobserved = try await SwarmStage().observe(render, context: StagesBFixtures.context(local, snapshot))
        #expect(unobserved == [.unobserved(.vm(310), "swarm", DriftItem.localDriverReason)])
        #expect(try local.journal().isEmpty)
    }

    // MARK: - stack-deploy and portainer

    @Test func aStackRemovedByHandIsDrift() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(310), .running)
        var docker = StandInDocker.swarm(managerHostname: "swarm-manager", location: "vm 310", address: "10.20.0.50")
        docker.stacks = try ["production_monitoring", "production_vector_db"].map { name in
            try JSONDecoder().decode(
                StandInDocker.Stack.self,
                from: Data(#"{"name": "\#(name)", "deploy_count": 1, "compose_files": [], "with_registry_auth": true, "prune": false}"#.utf8))
        }
        try host.setDocker(docker)
        let snapshot = try StagesBFixtures.example()
        let render = StackDeployStage().render(snapshot, settings: StageSettings())
        let context = StagesBFixtures.context(host.proxmoxDriver(), snapshot)
        #expect(try await StackDeployStage().observe(render, context: context).isEmpty)

        docker.stacks.removeAll { $0.name == "production_vector_db" }
        try host.setDocker(docker)
        #expect(
            try await StackDeployStage().observe(render, context: context) == [
                .drifted(.vm(310), "stack production_vector_db", "stack production_vector_db is not deployed")
            ])
    }

    @Test func anAgentStoppedOrMadeFromAnotherSpecIsDrift() async throws {
        let snapshot = try StagesBFixtures.example()
        let render = PortainerStage().render(snapshot, settings: StageSettings())
        let digest = try PortainerStageTests.agentDigest(render)
        func observe(agent answer: PhoenixDrivers.CommandResult) async throws -> [DriftItem] {
            let driver = RecordingDriver()
            await driver.answer(["docker", "stack", "ls"], at: .vm(310), with: PhoenixDrivers.CommandResult(exitCode: 0, stdout: "production_portainer_service\n"))
            await driver.answer(PortainerStageTests.inspectPrefix, at: .vm(320), with: answer)
            let items = try await PortainerStage().observe(render, context: StagesBFixtures.context(driver, snapshot))
            // Only the probes ran; nothing was written, removed, started or deployed.
            #expect(await driver.writeCount + driver.removeCount == 0)
            #expect(await driver.commands().allSatisfy { $0.starts(with: ["docker", "stack", "ls"]) || $0.starts(with: ["docker", "inspect"]) })
            return items
        }
        #expect(try await observe(agent: PhoenixDrivers.CommandResult(exitCode: 0, stdout: "true \(digest)\n")).isEmpty)
        #expect(
            try await observe(agent: PhoenixDrivers.CommandResult(exitCode: 0, stdout: "false \(digest)\n")).map(\.message)
                == ["portainer_agent is stopped"])
        #expect(
            try await observe(agent: PhoenixDrivers.CommandResult(exitCode: 0, stdout: "true 0123\n")).map(\.message)
                == ["portainer_agent was not created from the rendered spec"])
        #expect(
            try await observe(agent: PhoenixDrivers.CommandResult(exitCode: 1, stdout: "", stderr: "Error: No such object: portainer_agent")).map(\.message)
                == ["portainer_agent does not exist"])
    }

    // MARK: - certificates and trusted-ca (files, so the local driver observes them)

    @Test func certificatesAreJudgedAsTheApplyWouldAtContextNow() async throws {
        let bed = try await IssuerBed()
        defer { bed.remove() }
        let snapshot = try bed.snapshot(entries: [("web", ["web.lab.test"]), ("api", ["api.lab.test"]), ("new", ["new.lab.test"])])
        let render = CertificatesStage().render(snapshot, settings: bed.settings)
        try await bed.makeHostCertificate("web", sans: ["DNS:web.lab.test"], days: 30)
        try await bed.makeHostCertificate("api", sans: ["DNS:api.lab.test"], days: 30)
        let items = try await CertificatesStage().observe(render, context: bed.context(snapshot, now: Date()))
        #expect(
            items == [
                .unobserved(.host, "certificate /pki/new/new.crt", "new.lab.test: no certificate file (the local driver only journals the issuer)")
            ])

        // 29.8 days later both end within the 12-hour window; the missing one stays unobserved.
        let later = Date().addingTimeInterval(29.8 * 86400)
        let due = try await CertificatesStage().observe(render, context: bed.context(snapshot, now: later))
        #expect(due.filter { $0.state == .drifted }.map(\.object) == ["certificate /pki/web/web.crt", "certificate /pki/api/api.crt"])
        #expect(due.first?.message.hasPrefix("web.lab.test: expires ") == true)
        #expect(try bed.driver.journal().isEmpty)  // nothing issued, nothing run

        // On a driver that observes, a missing certificate is drift.
        let recording = RecordingDriver()
        let missing = try await CertificatesStage().observe(render, context: StagesBFixtures.context(recording, snapshot))
        #expect(missing.map(\.message) == ["web.lab.test: certificate file missing", "api.lab.test: certificate file missing", "new.lab.test: certificate file missing"])
    }

    @Test func theTrustStoreCopyIsComparedWithTheCAsRoot() async throws {
        let snapshot = try StagesBFixtures.example()
        let settings = StageSettings()
        let render = TrustedCAStage().render(snapshot, settings: settings)
        let driver = RecordingDriver()
        let source = CARootSource.hostPath(snapshot, settings: settings).path
        let context = StagesBFixtures.context(driver, snapshot)
        #expect(try await TrustedCAStage().observe(render, context: context).map(\.state) == [.unknown])
        let root = Data("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8)
        await driver.setFile(source, contents: root, at: .host)
        #expect(
            try await TrustedCAStage().observe(render, context: context) == [
                .drifted(.host, settings.hostTrustedCA, "the CA root is not in the trust store")
            ])
        await driver.setFile(settings.hostTrustedCA, contents: root, at: .host)
        #expect(try await TrustedCAStage().observe(render, context: context).isEmpty)
        await driver.setFile(source, contents: Data("-----BEGIN CERTIFICATE-----\nNEW\n-----END CERTIFICATE-----\n".utf8), at: .host)
        #expect(try await TrustedCAStage().observe(render, context: context).map(\.state) == [.drifted])
    }

    @Test func fileStagesObserveNothingThemselves() async throws {
        let snapshot = try StagesBFixtures.example()
        let render = DNSStage().render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        #expect(try await DNSStage().observe(render, context: StagesBFixtures.context(driver, snapshot)).isEmpty)
        #expect(await driver.readCount == 0)
        #expect(await driver.runCount == 0)
    }
}
