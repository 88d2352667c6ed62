import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixTesting
import Testing
import Yams

@testable import PhoenixStages

/// The stack-deploy stage: rendering (variables, labels, precedence, YAML safety) and the apply
/// (deploy only changed or missing stacks, fail on a failed deploy, opt-in prune).
@Suite struct StackDeployStageTests {
    static let share = "/quickOS/portainer_stacks"

    // MARK: - End to end through the stand-ins

    @Test func deploysOnceThroughTheManagerAndThenNothing() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(310), .running)
        try host.setDocker(StandInDocker.swarm(managerHostname: "swarm-manager", location: "vm 310", address: "10.20.0.50"))
        // The manager mounts the host's stacks share over NFS; a symlink stands for the mount.
        try FileManager.default.createDirectory(atPath: host.localPath(Self.share, at: .host), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: host.localPath("/mnt", at: .vm(310)), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: host.localPath("/mnt/stacks", at: .vm(310)), withDestinationPath: host.localPath(Self.share, at: .host))

        let snapshot = try StagesBFixtures.example()
        let stage = StackDeployStage()
        let render = stage.render(snapshot, settings: StageSettings())
        let report = try await stage.apply(render, context: StagesBFixtures.context(host.proxmoxDriver(), snapshot))
        #expect(
            report.actions == [
                ["docker", "stack", "deploy", "--compose-file", "/mnt/stacks/monitoring/docker-compose.production.yml",
                 "--with-registry-auth", "production_monitoring"],
                ["docker", "stack", "deploy", "--compose-file", "/mnt/stacks/vector_db/docker-compose.production.yml",
                 "--with-registry-auth", "production_vector_db"],
            ])
        #expect(report.written.map(\.path) == [
            Self.share + "/monitoring/docker-compose.production.yml", Self.share + "/vector_db/docker-compose.production.yml",
        ])
        let deployed = try host.docker().stacks
        #expect(deployed.map(\.name) == ["production_monitoring", "production_vector_db"])
        #expect(deployed.allSatisfy { $0.deployCount == 1 && $0.withRegistryAuth })
        let file = try #require(host.file(Self.share + "/vector_db/docker-compose.production.yml", at: .host))
        #expect(String(decoding: file, as: UTF8.self).contains("image: qdrant/qdrant:v1.12.4"))

        let second = try await stage.apply(
            render, context: StagesBFixtures.context(host.proxmoxDriver(), snapshot, previous: render.applied))
        #expect(!second.changedAnything)
        #expect(try host.docker().stacks.allSatisfy { $0.deployCount == 1 })
    }

    // MARK: - Deploy decisions (recording driver)

    /// A recording driver holding `render`'s files, answering `docker stack ls` with `listed`.
    static func target(for render: Render, listed: [String]) async -> RecordingDriver {
        let driver = RecordingDriver()
        for artifact in render.artifacts where artifact.kind == .file {
            await driver.setFile(artifact.path, contents: artifact.contents, at: artifact.location)
        }
        await driver.answer(
            ["docker", "stack", "ls"], at: .vm(310),
            with: CommandResult(exitCode: 0, stdout: listed.map { $0 + "\n" }.joined()))
        return driver
    }

    @Test func anInlinedEnvFileChangeRedeploysOnlyItsStack() async throws {
        let stage = StackDeployStage()
        let before = stage.render(try StagesBFixtures.example(), settings: StageSettings())
        let edited = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "stacks/monitoring/configs/grafana.env", "GF_SERVER_DOMAIN=", "GF_LOG_LEVEL=debug\nGF_SERVER_DOMAIN=")
        }
        let after = stage.render(edited, settings: StageSettings())
        let driver = await Self.target(for: after, listed: ["production_monitoring", "production_vector_db"])
        let report = try await stage.apply(after, context: StagesBFixtures.context(driver, edited, previous: before.applied))
        #expect(report.actions.map { $0.last } == ["production_monitoring"])
        #expect(report.written.isEmpty)  // the rendered compose is the same; only what it inlines changed
        #expect(await driver.writeCount == 0)
    }

    @Test func aStackMissingFromTheSwarmIsDeployedAgain() async throws {
        let stage = StackDeployStage()
        let snapshot = try StagesBFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = await Self.target(for: render, listed: ["production_vector_db", "production_portainer_service"])
        let report = try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, previous: render.applied))
        #expect(report.actions.map { $0.last } == ["production_monitoring"])
        #expect(report.notes == ["deployed production_monitoring (not deployed)"])
    }

    @Test func aFailedDeployFailsTheStageAfterTryingTheOthers() async throws {
        let stage = StackDeployStage()
        let snapshot = try StagesBFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = await Self.target(for: render, listed: [])
        await driver.answer(
            ["docker", "stack", "deploy", "--compose-file", "/mnt/stacks/monitoring/docker-compose.production.yml"],
            at: .vm(310), with: CommandResult(exitCode: 1, stdout: "", stderr: "service grafana: secret not found: grafana_admin_password"))
        await #expect {
            try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot))
        } throws: { error in
            let text = "\(error)"
            return text.contains("production_monitoring") && text.contains("secret not found") && !text.contains("production_vector_db")
        }
        #expect(await driver.commands(at: .vm(310)).filter { $0.starts(with: ["docker", "stack", "deploy"]) }.count == 2)
    }

    @Test func removedStacksArePrunedOnlyWhenAskedTo() async throws {
        let stage = StackDeployStage()
        let snapshot = try StagesBFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let gone = AppliedArtifact(
            key: ArtifactKey(location: .vm(310), path: "stack-deploy/old_stack", kind: .desiredState), digest: "x")
        let goneFile = AppliedArtifact(key: ArtifactKey(location: .host, path: Self.share + "/old_stack/docker-compose.production.yml"),
            digest: Artifact.sha256(Data("old".utf8)))  // stale files are removed only while they hold the applied bytes
        let listed = ["production_monitoring", "production_vector_db", "production_old_stack"]

        let keep = await Self.target(for: render, listed: listed)
        await keep.setFile(Self.share + "/old_stack/docker-compose.production.yml", contents: Data("old".utf8), at: .host)
        let kept = try await stage.apply(
            render, context: StagesBFixtures.context(keep, snapshot, previous: render.applied + [gone, goneFile]))
        #expect(kept.actions.isEmpty)
        #expect(kept.notes == ["production_old_stack is no longer listed; left deployed (pruneRemovedStacks is off)"])
        #expect(kept.removed.map(\.path) == [Self.share + "/old_stack/docker-compose.production.yml"])

        var settings = StageSettings()
        settings.pruneRemovedStacks = true
        let prune = await Self.target(for: render, listed: listed)
        let pruned = try await stage.apply(
            render, context: StagesBFixtures.context(prune, snapshot, settings: settings, previous: render.applied + [gone]))
        #expect(pruned.actions == [["docker", "stack", "rm", "production_old_stack"]])
    }

    // MARK: - Rendering

    static let demoCompose = """
        # a comment that is lost
        services:
          web:
            image: "nginx:${NGINX_VERSION}"
            ports:
              - target: 80
                published: ${PORT}
            environment:
              GREETING: ${GREETING}
              LITERAL: "$${NOT_A_VARIABLE}"
              FROM_SHELL: ${UNDEFINED_ONE}
              DEFAULTED: ${WITH_DEFAULT:-x}
            deploy:
              labels: ["old=label"]
          worker:
            image: busybox
            deploy:
              labels: ["keep=me"]
        """

    static func demo(config: String, manifest: String? = nil) throws -> ConfigSnapshot {
        var extra = ["stacks/demo/docker-compose.yml": demoCompose]
        if let manifest { extra["stacks/demo/phoenix.json"] = manifest }
        return try StagesBFixtures.snapshot(
            vm: #"{"vms": [{"vmid": 400, "name": "mgr", "swarm_role": "manager", "network_config": {"ip": "10.0.0.4/24"}, "docker_stacks": ["demo"]}]}"#,
            stacksConfig: config, extra: extra)
    }

    @Test func variablesAndLabelsAreAppliedAsDataNeverAsYAML() throws {
        let config = """
            {"docker_stacks": {"demo": {"environments": {"production": {
              "variables": [
                {"name": "NGINX_VERSION", "value": "1.27"}, {"name": "PORT", "value": 8080},
                {"name": "GREETING", "value": "hello: world\\ninjected: true"}
              ],
              "services": {"web": {"traefik_labels": ["traefik.enable=true", "traefik.http.routers.web.rule=Host(`web.lab.test`)"]},
                           "ghost": {"traefik_labels": ["traefik.enable=true"]}}
            }}}}}
            """
        let render = StackDeployStage().render(try Self.demo(config: config), settings: StageSettings())
        let file = try #require(render.artifacts.first { $0.kind == .file })
        let text = String(decoding: file.contents, as: UTF8.self)
        #expect(text.hasPrefix("# Managed by phoenix-gitops (stage stack-deploy); do not edit\n"))
        #expect(!text.contains("a comment that is lost"))
        let parsed = try #require(try YAMLParser.parse(file.contents))
        let web = try #require(parsed["services"]?["web"])
        #expect(web["image"]?.scalarValue == "nginx:1.27")
        #expect(web["ports"]?.sequenceValue?.first?["published"]?.kind == .scalar("8080", tag: "tag:yaml.org,2002:int"))
        #expect(web["environment"]?["GREETING"]?.scalarValue == "hello: world\ninjected: true")
        #expect(web["environment"]?["injected"] == nil)
        #expect(web["environment"]?["LITERAL"]?.scalarValue == "$${NOT_A_VARIABLE}")
        #expect(web["environment"]?["FROM_SHELL"]?.scalarValue == "${UNDEFINED_ONE}")
        #expect(web["environment"]?["DEFAULTED"]?.scalarValue == "${WITH_DEFAULT:-x}")
        #expect(
            web["deploy"]?["labels"]?.sequenceValue?.compactMap(\.scalarValue) == [
                "traefik.enable=true", "traefik.http.routers.web.rule=Host(`web.lab.test`)",
            ])
        #expect(parsed["services"]?["worker"]?["deploy"]?["labels"]?.sequenceValue?.compactMap(\.scalarValue) == ["keep=me"])
        #expect(render.diagnostics.contains { $0.code == .undefinedStackVariable && $0.message.contains("${UNDEFINED_ONE}") })
        #expect(!render.diagnostics.contains { $0.message.contains("WITH_DEFAULT") || $0.message.contains("NOT_A_VARIABLE") })
        #expect(render.diagnostics.contains { $0.code == .unknownComposeService && $0.message.contains("ghost") })
        #expect(!render.hasErrors)
    }

    @Test func theStacksConfigTakesPrecedenceOverTheManifest() throws {
        let config = """
            {"docker_stacks": {"demo": {"environments": {"production": {
              "variables": [{"name": "PORT", "value": "1"}],
              "services": {"web": {"traefik_labels": ["from=config"]}}
            }}}}}
            """
        let manifest = """
            {"environments": {"production": {
              "variables": [{"name": "PORT", "value": "2"}, {"name": "NGINX_VERSION", "value": "from-manifest"}],
              "services": {"web": {"traefik_labels": ["from=manifest"]}, "worker": {"traefik_labels": ["worker=manifest"]}}
            }}}
            """
        let render = StackDeployStage().render(try Self.demo(config: config, manifest: manifest), settings: StageSettings())
        let file = try #require(render.artifacts.first { $0.kind == .file })
        let services = try #require(try YAMLParser.parse(file.contents)?["services"])
        #expect(services["web"]?["ports"]?.sequenceValue?.first?["published"]?.scalarValue == "1")
        #expect(services["web"]?["image"]?.scalarValue == "nginx:from-manifest")
        #expect(services["web"]?["deploy"]?["labels"]?.sequenceValue?.compactMap(\.scalarValue) == ["from=config"])
        #expect(services["worker"]?["deploy"]?["labels"]?.sequenceValue?.compactMap(\.scalarValue) == ["worker=manifest"])
        let conflict = try #require(render.diagnostics.first { $0.code == .conflictingTraefikLabels })
        #expect(conflict.file == "stacks/demo/phoenix.json" && conflict.severity == .warning)
    }

    @Test func listedStacksNeedAFolderAManagerAndAFreeFileName() throws {
        let missing = try StagesBFixtures.snapshot(
            vm: #"{"vms": [{"vmid": 400, "swarm_role": "manager", "docker_stacks": ["nowhere", "../etc"]}]}"#)
        let render = StackDeployStage().render(missing, settings: StageSettings())
        #expect(Set(render.diagnostics.filter { $0.severity == .error }.map(\.code)) == [.missingStack, .unsafeStackName])

        let noManager = try StagesBFixtures.snapshot(
            vm: #"{"vms": [{"vmid": 400, "docker_stacks": ["demo"]}]}"#, extra: ["stacks/demo/docker-compose.yml": Self.demoCompose])
        #expect(StackDeployStage().render(noManager, settings: StageSettings()).diagnostics.contains { $0.code == .swarmManagerCount })

        let taken = try StagesBFixtures.snapshot(
            vm: #"{"vms": [{"vmid": 400, "swarm_role": "manager", "docker_stacks": ["demo"]}]}"#,
            extra: ["stacks/demo/docker-compose.yml": Self.demoCompose, "stacks/demo/docker-compose.production.yml": "x: 1"])
        #expect(StackDeployStage().render(taken, settings: StageSettings()).diagnostics.contains { $0.code == .renderedComposeNameTaken })

        let example = StackDeployStage().render(try StagesBFixtures.example(), settings: StageSettings())
        #expect(!example.artifacts.contains { $0.path.contains("portainer_service") })
    }
}
