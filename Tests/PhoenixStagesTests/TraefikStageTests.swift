import Foundation
import PhoenixCore
import PhoenixDrivers
import Testing
import Yams

@testable import PhoenixStages

@Suite struct TraefikStageTests {
    let stage = TraefikStage()

    /// The YAML parsed back with Yams (an independent reader), as an ordered node.
    private func parsed(_ render: Render) throws -> Node {
        let artifact = try #require(render.artifacts.first)
        return try #require(try Yams.compose(yaml: String(decoding: artifact.contents, as: UTF8.self)))
    }

    private func keys(_ node: Node?) -> [String] {
        node?.mapping?.keys.compactMap(\.string) ?? []
    }

    private func url(_ root: Node, service: String) -> String? {
        root["http"]?["services"]?[service]?["loadBalancer"]?["servers"]?[0]?["url"]?.string
    }

    @Test func exampleMatchesGolden() throws {
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        #expect(!render.hasErrors, "\(render.diagnostics.map(\.formatted))")
        let problems = try Golden.mismatches(render, fixture: "example")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func corpusMatchesGolden() throws {
        guard StageFixtures.corpusIsAvailable else { return print("SKIPPED: corpus not found") }
        let render = stage.render(try StageFixtures.corpus(), settings: StageSettings())
        #expect(!render.hasErrors, "\(render.diagnostics.map(\.formatted))")
        let problems = try Golden.mismatches(render, fixture: "corpus")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The guide's table (docs/example-config.md, "Traefik dynamic routes"), read back with Yams.
    @Test func exampleRoutesAreTheGuidesTable() throws {
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        #expect(render.artifacts.map(\.key) == [ArtifactKey(location: .lxc(220), path: "/etc/traefik/dynamic/dynamic_conf.yml")])
        let root = try parsed(render)
        #expect(keys(root) == ["http", "tls"])
        let routers = root["http"]?["routers"]
        #expect(keys(routers) == ["registry-router", "worker1-router", "notes-router", "embeddings-router", "traefik-dashboard-router"])
        #expect(routers?["worker1-router"]?["rule"]?.string == "Host(`worker1-agent.lab.phoenix.test`)")
        #expect(routers?["notes-router"]?["service"]?.string == "notes-service")
        #expect(routers?["notes-router"]?["entryPoints"]?[0]?.string == "mesh")
        #expect(routers?["traefik-dashboard-router"]?["rule"]?.string == "Host(`traefik.lab.phoenix.test`)")
        #expect(routers?["traefik-dashboard-router"]?["service"]?.string == "api@internal")
        #expect(url(root, service: "registry-service") == "https://10.20.0.52:5000")
        #expect(url(root, service: "worker1-service") == "https://10.20.0.51:9001")
        #expect(url(root, service: "notes-service") == "http://10.20.0.40:8080")
        #expect(url(root, service: "embeddings-service") == "https://10.20.0.41:8000", "scheme is honoured")
        let services = root["http"]?["services"]
        #expect(services?["embeddings-service"]?["loadBalancer"]?["serversTransport"]?.string == "internal-ca")
        #expect(services?["notes-service"]?["loadBalancer"]?["serversTransport"] == nil)
        #expect(services?["notes-service"]?["loadBalancer"]?["passHostHeader"]?.bool == true)
        let transport = root["http"]?["serversTransports"]?["internal-ca"]
        #expect(transport?["insecureSkipVerify"]?.bool == false)
        #expect(transport?["rootCAs"]?[0]?.string == "/etc/step-ca/ssl/phoenix_root_ca.crt")
        let mtls = root["tls"]?["options"]?["mesh-mtls"]?["clientAuth"]
        #expect(mtls?["clientAuthType"]?.string == "RequireAndVerifyClientCert")
    }

    /// The corpus: the Portainer VM's service is routed by the stack labels (as the original skipped
    /// it), LXC services stay http unless their scheme says https.
    @Test func corpusRoutes() throws {
        guard StageFixtures.corpusIsAvailable else { return print("SKIPPED: corpus not found") }
        let render = stage.render(try StageFixtures.corpus(), settings: StageSettings())
        let root = try parsed(render)
        #expect(render.artifacts.first?.location == .lxc(102))
        let routers = keys(root["http"]?["routers"])
        #expect(routers.first == "drphoenix-router")
        #expect(!routers.contains("portainer-router"))
        #expect(routers.last == "traefik-dashboard-router")
        #expect(url(root, service: "drphoenix-service") == "https://10.0.0.102:9001")
        #expect(url(root, service: "granite-embedding-service") == "https://10.0.0.141:8000")
        #expect(url(root, service: "granite-3b-service") == "http://10.0.0.142:8000")
        #expect(render.diagnostics.contains { $0.severity == .info && $0.message.contains("portainer.internal.thinkheads.ai") })
    }

    @Test func duplicateNamesAreAnErrorNamingBothGuests() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.lxcPath) { root in
            var configs = root["lxc_configs"] as? [String: Any] ?? [:]
            var embed = configs["241"] as? [String: Any] ?? [:]
            embed["traefik_service"] = ["name": "notes", "port": 8000]
            configs["241"] = embed
            root["lxc_configs"] = configs
        }
        let render = stage.render(snapshot, settings: StageSettings())
        let error = try #require(render.diagnostics.first { $0.severity == .error })
        #expect(error.code == .duplicateTraefikName)
        #expect(error.message.contains("LXC 240 \"notes-app\"") && error.message.contains("LXC 241 \"embed-api\""))
        #expect(error.pointer?.description == "/lxc_configs/241/traefik_service/name")
        let text = String(decoding: try #require(render.artifacts.first).contents, as: UTF8.self)
        #expect(text.components(separatedBy: "notes-router:").count == 2, "no duplicate key")
    }

    @Test func dhcpGuestsAreReportedAndSkipped() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.lxcPath) { root in
            var configs = root["lxc_configs"] as? [String: Any] ?? [:]
            var notes = configs["240"] as? [String: Any] ?? [:]
            var network = notes["network_config"] as? [String: Any] ?? [:]
            network["ip"] = "dhcp"
            notes["network_config"] = network
            configs["240"] = notes
            root["lxc_configs"] = configs
        }
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(!render.hasErrors)
        let warning = try #require(render.diagnostics.first { $0.severity == .warning })
        #expect(warning.code == .traefikOnDHCP)
        #expect(warning.pointer?.description == "/lxc_configs/240/network_config/ip")
        let text = String(decoding: try #require(render.artifacts.first).contents, as: UTF8.self)
        #expect(!text.contains("dhcp") && !text.contains("notes-router"))
    }

    @Test func agentPortComesFromTheConfigWithADefault() throws {
        let custom = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            var network = root["network"] as? [String: Any] ?? [:]
            network["portainer_agent_port"] = 9101
            root["network"] = network
        }
        #expect(url(try parsed(stage.render(custom, settings: StageSettings())), service: "worker1-service") == "https://10.20.0.51:9101")
        let absent = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            var network = root["network"] as? [String: Any] ?? [:]
            network["portainer_agent_port"] = nil
            root["network"] = network
        }
        #expect(url(try parsed(stage.render(absent, settings: StageSettings())), service: "worker1-service") == "https://10.20.0.51:9001")
    }

    @Test func unknownSchemeIsAnError() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.lxcPath) { root in
            var configs = root["lxc_configs"] as? [String: Any] ?? [:]
            var notes = configs["240"] as? [String: Any] ?? [:]
            notes["traefik_service"] = ["name": "notes", "port": 8080, "scheme": "h2c"]
            configs["240"] = notes
            root["lxc_configs"] = configs
        }
        let error = try #require(stage.render(snapshot, settings: StageSettings()).diagnostics.first { $0.severity == .error })
        #expect(error.pointer?.description == "/lxc_configs/240/traefik_service/scheme")
    }

    /// Issue #19 (this used to be an error): with no Traefik guest yet the stage is not applicable;
    /// an explicit role naming no guest stays an error.
    @Test func missingTraefikGuestIsNotApplicable() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            root["roles"] = ["gateway": 210, "ca": 230]
        }
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(render.artifacts.isEmpty && !render.hasErrors)
        #expect(render.notApplicable?.contains("traefik role") == true)
        #expect(render.diagnostics.first?.code == .stageNotApplicable)

        let wrong = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            root["roles"] = ["gateway": 210, "traefik": 999, "ca": 230]
        }
        let broken = stage.render(wrong, settings: StageSettings())
        #expect(broken.notApplicable == nil)
        #expect(broken.diagnostics.first?.code == .stageMissingInput && broken.hasErrors)
    }

    /// Strings with quotes, backslashes and control characters survive the emitter (read back by Yams).
    @Test func emitterQuotesEveryString() throws {
        let tricky = "a \"quoted\" \\ value: with # and\nnewline\t\u{1}"
        typealias Y = YAMLDocument
        let yaml = try Y.render(
            Y.map([
                ("plain-key", Y.string(tricky)), ("needs quote", Y.list([Y.string("- x"), Y.bool(true), Y.int(3)])),
                ("yes", Y.map([])), ("items", Y.list([Y.map([("k", Y.string("v")), ("n", Y.map([("deep", Y.string("x"))]))])])),
            ]), comments: ["# header"])
        let node = try #require(try Yams.compose(yaml: yaml))
        #expect(node["plain-key"]?.string == tricky)
        #expect(node["needs quote"]?[0]?.string == "- x")
        #expect(node["needs quote"]?[1]?.bool == true && node["needs quote"]?[2]?.int == 3)
        // A quoted "yes" is a string key (a plain one could be read as a boolean).
        let yes = node.mapping?.first { $0.key.string == "yes" }
        #expect(yes?.value.mapping?.isEmpty == true)
        #expect(yaml.contains("\n\"yes\": {}\n"))
        #expect(node["items"]?[0]?["n"]?["deep"]?.string == "x")
        #expect(yaml.hasPrefix("# header\nplain-key: \""))
    }

    @Test func applyWritesOnceWithoutRestartThenNothing() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        let first = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(first.written == [ArtifactKey(location: .lxc(220), path: "/etc/traefik/dynamic/dynamic_conf.yml")])
        let runs = await driver.runCount
        #expect(first.actions.isEmpty && runs == 0, "Traefik hot-reloads the file provider")
        await driver.resetRecording()
        let second = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: render.applied))
        let mutations = await driver.mutationCount
        #expect(!second.changedAnything && mutations == 0)
    }

    @Test func movedRoleRemovesTheOldFileAndStoppedGuestIsNotReady() async throws {
        let before = try StageFixtures.example()
        let previous = stage.render(before, settings: StageSettings())
        let after = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            root["roles"] = ["gateway": 210, "traefik": 240, "ca": 230]
        }
        let render = stage.render(after, settings: StageSettings())
        #expect(render.artifacts.first?.location == .lxc(240))
        let driver = RecordingDriver()
        for artifact in previous.artifacts { await driver.setFile(artifact.path, contents: artifact.contents, at: artifact.location) }
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: after, previous: previous.applied))
        #expect(report.removed == previous.artifacts.map(\.key))
        #expect(await driver.file("/etc/traefik/dynamic/dynamic_conf.yml", at: .lxc(220)) == nil)

        await driver.setGuestState(.stopped, for: .lxc(240))
        await #expect {
            _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: after))
        } throws: { error in
            guard case StageError.guestNotReady = error else { return false }
            return true
        }
    }
}
