import Foundation
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

/// The portainer stage with a recording driver answering `docker inspect` and `docker stack ls`.
@Suite struct PortainerStageTests {
    static let serverFile = "/quickOS/portainer_stacks/portainer_service/docker-compose.production.yml"
    static let inspectPrefix = ["docker", "inspect", "--type", "container"]

    static func agentDigest(_ render: Render) throws -> String {
        try #require(render.artifacts.first { $0.path == "portainer/agent" }).digest
    }

    @Test func firstApplyDeploysTheServerAndRunsTheAgentThenNothing() async throws {
        let snapshot = try StagesBFixtures.example()
        let stage = PortainerStage()
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(!render.hasErrors)
        let digest = try Self.agentDigest(render)
        let driver = RecordingDriver()
        await driver.answer(
            Self.inspectPrefix, at: .vm(320),
            with: CommandResult(exitCode: 1, stdout: "", stderr: "Error: No such object: portainer_agent"))
        let first = try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot))
        #expect(
            first.actions == [
                ["docker", "stack", "deploy", "--compose-file", "/mnt/stacks/portainer_service/docker-compose.production.yml",
                 "--with-registry-auth", "production_portainer_service"],
                ["docker", "run", "-d", "--name", "portainer_agent", "--restart", "always", "--hostname",
                 "worker1-agent.lab.phoenix.test", "-p", "9001:9001", "-v", "/var/run/docker.sock:/var/run/docker.sock",
                 "-v", "/var/lib/docker/volumes:/var/lib/docker/volumes", "--label", "phoenix.spec=\(digest)",
                 "portainer/agent:2.21.4"],
            ])
        #expect(first.written.map(\.description) == ["host:\(Self.serverFile)"])
        #expect(await driver.commands(at: .vm(320)).last?.first == "docker")
        #expect(await driver.commands(at: .vm(310)).contains { $0.starts(with: ["docker", "stack", "deploy"]) })

        // The swarm now lists the stack and the agent runs with this spec.
        await driver.answer(["docker", "stack", "ls"], at: .vm(310), with: CommandResult(exitCode: 0, stdout: "production_portainer_service\n"))
        await driver.answer(Self.inspectPrefix, at: .vm(320), with: CommandResult(exitCode: 0, stdout: "true \(digest)\n"))
        await driver.resetRecording()
        let second = try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, previous: render.applied))
        #expect(!second.changedAnything)
        #expect(await driver.writeCount == 0)
        #expect(await driver.commands().allSatisfy { !$0.contains("run") && !$0.contains("rm") && !$0.contains("deploy") })
    }

    @Test func aNewImageReplacesTheAgentOnceAndAStoppedOneIsOnlyStarted() async throws {
        let before = try StagesBFixtures.example()
        let after = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_hypervisor_config.json", "portainer/agent:2.21.4", "portainer/agent:2.22.0")
        }
        let stage = PortainerStage()
        let old = stage.render(before, settings: StageSettings())
        let new = stage.render(after, settings: StageSettings())
        #expect(try Self.agentDigest(old) != Self.agentDigest(new))
        let driver = RecordingDriver()
        await driver.setFile(Self.serverFile, contents: try #require(new.artifacts.first { $0.kind == .file }).contents, at: .host)
        await driver.answer(["docker", "stack", "ls"], at: .vm(310), with: CommandResult(exitCode: 0, stdout: "production_portainer_service\n"))
        await driver.answer(Self.inspectPrefix, at: .vm(320), with: CommandResult(exitCode: 0, stdout: "true \(try Self.agentDigest(old))\n"))
        let replaced = try await stage.apply(new, context: StagesBFixtures.context(driver, after, previous: old.applied))
        #expect(replaced.actions.map { Array($0.prefix(3)) } == [["docker", "rm", "-f"], ["docker", "run", "-d"]])
        #expect(replaced.actions.last?.last == "portainer/agent:2.22.0")

        await driver.answer(Self.inspectPrefix, at: .vm(320), with: CommandResult(exitCode: 0, stdout: "false \(try Self.agentDigest(new))\n"))
        let started = try await stage.apply(new, context: StagesBFixtures.context(driver, after, previous: new.applied))
        #expect(started.actions == [["docker", "start", "portainer_agent"]])

        // A container made by hand (or by the original sync) carries no spec label: replaced once.
        await driver.answer(Self.inspectPrefix, at: .vm(320), with: CommandResult(exitCode: 0, stdout: "true <no value>\n"))
        let adopted = try await stage.apply(new, context: StagesBFixtures.context(driver, after, previous: new.applied))
        #expect(adopted.actions.count == 2)
    }

    @Test func roleProblemsAreRenderErrors() throws {
        let twoPrimaries = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"portainer_role\": \"agent\"", "\"portainer_role\": \"primary\"")
        }
        #expect(PortainerStage().render(twoPrimaries, settings: StageSettings()).diagnostics.filter { $0.code == .invalidPortainerRole }.count == 2)

        let noHostname = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"portainer_agent_hostname\": \"worker1-agent.lab.phoenix.test\",", "")
        }
        let hostname = PortainerStage().render(noHostname, settings: StageSettings())
        #expect(hostname.diagnostics.contains { $0.severity == .error && $0.pointer?.description == "/vms/1/portainer_agent_hostname" })

        let noImage = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_hypervisor_config.json", "\"portainer_agent_image\": \"portainer/agent:2.21.4\"", "\"other\": 1")
        }
        #expect(PortainerStage().render(noImage, settings: StageSettings()).diagnostics.contains { $0.message.contains("portainer_agent_image is not set") })

        let noPrimary = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"portainer_role\": \"primary\",", "")
        }
        let warned = PortainerStage().render(noPrimary, settings: StageSettings())
        #expect(!warned.hasErrors)
        #expect(warned.diagnostics.contains { $0.severity == .warning && $0.message.contains("Portainer server is not deployed") })
        #expect(warned.artifacts.map(\.path) == ["portainer/agent"])
    }
}
