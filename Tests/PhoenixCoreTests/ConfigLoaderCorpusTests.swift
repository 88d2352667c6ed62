import Foundation
import PhoenixTesting
import Testing

@testable import PhoenixCore

/// The real corpus (../shared/corpus/phoenix-real) must load, and its real problems must show up.
@Suite struct ConfigLoaderCorpusTests {
    static let lxcFile = "config/phoenix_lxc_configs.json"
    static let vmFile = "config/phoenix_vm_configs.json"
    static let hypervisorFile = "config/phoenix_hypervisor_config.json"

    @Test func realCorpusLoads() throws {
        guard Corpus.isAvailable else {
            print("SKIPPED realCorpusLoads: corpus not found at \(Corpus.root.path)")
            return
        }
        let result = ConfigLoader.load(from: FolderSource(root: Corpus.root))
        let snapshot = try #require(result.snapshot)
        #expect(snapshot.lxcs.map(\.ctid) == ["900", "901", "910", "911", "912", "801", "802", "101", "914", "917", "103", "102"])
        #expect(snapshot.vms.map(\.vmid) == [9000, 1001, 1002])
        #expect(snapshot.guests.count == 15)
        #expect(snapshot.certificates.count == 4)
        #expect(snapshot.certificates[0].postRenewalCommand == "pct exec 101 -- systemctl reload nginx")
        #expect(snapshot.stacks.map(\.name) == ["portainer_service", "qdrant_service", "thinkheads_ai_app"])
        #expect(snapshot.hypervisor.domainName == "internal.thinkheads.ai")
        #expect(snapshot.hypervisor.network?.interfaces?.address == "10.0.0.13/24")
        #expect(snapshot.hypervisor.firewall?.globalFirewallRules.count == 15)
        #expect(snapshot.hypervisor.firewall?.defaultInputPolicy == "DROP")
        #expect(snapshot.hypervisor.portainerAPI?.hasLiteralAdminPassword == true)
        #expect(snapshot.hypervisor.dnsServer?.upstreamServers == ["8.8.8.8", "1.1.1.1"])
        #expect(snapshot.hypervisor.roles.isEmpty)

        let gateway = try #require(snapshot.lxc(id: 101))
        #expect(gateway.networkConfig?.address == "10.0.0.153")
        #expect(gateway.networkConfig?.nameservers == ["10.0.0.13"])
        #expect(gateway.firewall?.rules.count == 7)
        #expect(gateway.firewall?.rules.first?.port == "443")
        #expect(gateway.traefikService?.port == 443)
        #expect(gateway.origin.pointer.description == "/lxc_configs/101")
        #expect(gateway.json["id_maps"]?[0]?["host_id"]?.intValue == 33)  // unknown keys are kept

        let worker = try #require(snapshot.vm(id: 1002))
        #expect(worker.swarmRole == "worker" && worker.nodeLabels == ["gpu=false"])
        #expect(worker.dockerStacks == ["qdrant_service", "thinkheads_ai_app"])
        #expect(worker.portainerAgentHostname == "drphoenix-agent.internal.thinkheads.ai")
        #expect(worker.volumes.first?.path == "/quickOS/vm-persistent-data/1002")
        #expect(Guest(worker).primaryIP == "10.0.0.102")
        #expect(snapshot.guest(id: 9000)?.usesDHCP == true)
        #expect(snapshot.guest(id: 9000)?.primaryIP == nil)

        #expect(snapshot.role(.gateway)?.id == 101)
        #expect(snapshot.role(.traefik)?.primaryIP == "10.0.0.12")
        #expect(snapshot.roleResolution(.ca)?.rule == .legacyName("Step-CA"))

        let qdrant = try #require(snapshot.stack(named: "qdrant_service"))
        #expect(qdrant.compose?["services"]?["qdrant"]?["image"]?.scalarValue == "qdrant/qdrant:latest")
        #expect(qdrant.manifest?.environment("production")?.services.first?.traefikLabels.count == 4)
        let app = try #require(snapshot.stack(named: "thinkheads_ai_app"))
        #expect(app.files.map(\.relativePath) == [
            "configs/dev.env", "configs/prod.env", "configs/test.env", "docker-compose.yml", "phoenix.json",
        ])
        let stacksConfig = try #require(snapshot.stacksConfig)
        #expect(stacksConfig.stack("thinkheads_ai_app")?.environment("production")?.variables.map(\.name) == [
            "DATABASE_USER", "DATABASE_PASS", "API_PORT",
        ])
        #expect(snapshot.file(.vm)?.json?["vms"]?[1]?["name"]?.stringValue == "Portainer")
        #expect(snapshot.files["stacks/qdrant_service/docker-compose.yml"]?.bytes.isEmpty == false)
        #expect(!result.hasErrors, "\(result.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
    }

    @Test func realCorpusFindings() throws {
        guard Corpus.isAvailable else {
            print("SKIPPED realCorpusFindings: corpus not found at \(Corpus.root.path)")
            return
        }
        let report = ConfigValidator.validate(source: FolderSource(root: Corpus.root))
        var counts: [String: Int] = [:]
        for diagnostic in report.diagnostics { counts[diagnostic.code.rawValue, default: 0] += 1 }
        #expect(counts == [
            // 17 ignored keys: firewall/enabled and the three traefik_service/scheme are read by stages now,
            // and the three compose_file_path values since issue #19.
            "ignored-key": 10, "plaintext-secret": 7, "legacy-role-fallback": 3, "duplicate-firewall-rule": 3,
            // Issue #19: the stale compose_file_path of qdrant_service and portainer_service (their
            // stacks/<name>/ folders are the stacks).
            "compose-file-missing": 2,
        ])
        #expect(report.errorCount == 0)

        // The redacted Portainer admin password, without its value.
        let secret = try #require(report.diagnostics.first { $0.pointer?.description == "/portainer_api/admin_password" })
        #expect(secret.code == .plaintextSecret && secret.file == Self.hypervisorFile)
        #expect(secret.line == 460 && secret.column == 9)
        #expect(!secret.formatted.contains("REDACTED"))

        // "Allow Traefik to proxy to Portainer" appears twice in VM 1001's rules.
        let duplicates = report.findings(.duplicateFirewallRule)
        #expect(duplicates.map { $0.pointer?.description } == [
            "/lxc_configs/101/firewall/rules/2", "/lxc_configs/103/firewall/rules/7", "/vms/1/firewall/rules/10",
        ])
        let portainer = try #require(duplicates.last)
        #expect(portainer.file == Self.vmFile && portainer.line == 157 && portainer.column == 21)
        #expect(portainer.message.contains("149:21"))

        // All three roles come from the legacy names.
        #expect(Set(report.findings(.legacyRoleFallback).compactMap { $0.pointer?.description }) == [
            "/lxc_configs/101/name", "/lxc_configs/102/name", "/lxc_configs/103/name",
        ])

        // Dead keys sync never read.
        let ignored = Set(report.findings(.ignoredKey).compactMap { $0.pointer?.description })
        #expect(ignored.isSuperset(of: [
            "/lxc_configs/801/trigger_sync_on_completion", "/vms/2/trigger_sync_on_completion",
            "/environments/prod/firewall_rules",
        ]))
        // The firewall and traefik stages read these now.
        #expect(ignored.isDisjoint(with: ["/firewall/enabled", "/lxc_configs/910/traefik_service/scheme"]))
        // The certificates stage applies `owner` to copies it pushes into guests.
        #expect(!ignored.contains("/0/owner"))
    }

    /// The original repository layout (usr/local/phoenix_hypervisor/{etc,stacks}) loads the same.
    @Test func originalLayoutLoadsIdentically() throws {
        guard Corpus.isAvailable else {
            print("SKIPPED originalLayoutLoadsIdentically: corpus not found at \(Corpus.root.path)")
            return
        }
        let scratch = try ScratchDirectory(prefix: "phoenix-core")
        defer { scratch.remove() }
        let source = FolderSource(root: Corpus.root)
        for path in try source.allFiles(under: "config") + source.allFiles(under: "stacks") {
            let target = path.hasPrefix("config/")
                ? "usr/local/phoenix_hypervisor/etc/" + path.dropFirst("config/".count)
                : "usr/local/phoenix_hypervisor/" + path
            try scratch.write(target, try #require(try source.read(path)))
        }
        let standard = ConfigValidator.validate(source: source)
        let original = ConfigValidator.validate(source: FolderSource(root: scratch.url), layout: .original)
        #expect(original.snapshot?.guests.count == 15)
        #expect(original.diagnostics.map(\.code) == standard.diagnostics.map(\.code))
        #expect(original.diagnostics.map(\.line) == standard.diagnostics.map(\.line))
        #expect(original.diagnostics.first?.file?.hasPrefix("usr/local/phoenix_hypervisor/") == true)
    }

    /// Any `ConfigSource` loads the same as a folder: here an in-memory tree standing for a git commit.
    @Test func inMemorySourceLoadsLikeAFolder() throws {
        guard Corpus.isAvailable else {
            print("SKIPPED inMemorySourceLoadsLikeAFolder: corpus not found at \(Corpus.root.path)")
            return
        }
        let folder = FolderSource(root: Corpus.root)
        var files: [String: Data] = [:]
        for path in try folder.allFiles(under: "") { files[path] = try folder.read(path) }
        let memory = InMemorySource(files: files)
        let fromFolder = ConfigValidator.validate(source: folder)
        let fromMemory = ConfigValidator.validate(source: memory)
        #expect(fromMemory.diagnostics == fromFolder.diagnostics)
        #expect(fromMemory.snapshot?.files.keys.sorted() == fromFolder.snapshot?.files.keys.sorted())
    }
}
