import Foundation
import PhoenixCore
import Testing

@testable import PhoenixStages

/// Issue #19 item 4: the three real corpora (2025-10-15, 2025-11-16, 2025-11-25) validate and render with
/// no errors, their renders match golden files, and the addresses and stacks that matter are right.
@Suite struct RealCorporaTests {
    /// A corpus folder, its golden fixture name, and the warnings its validation is known to have.
    struct Corpus: CustomStringConvertible, Sendable {
        var folder: String
        var fixture: String
        var expectedWarnings: Int
        var description: String { folder }
        var root: URL { StageFixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/\(folder)") }
    }

    static let october = Corpus(folder: "phoenix-real-2025-10-15", fixture: "real-2025-10-15", expectedWarnings: 16)  // 18 before compose_file_path stopped being an "ignored key" (it is read since issue #19)
    static let november16 = Corpus(folder: "phoenix-real", fixture: "corpus", expectedWarnings: 25)  // 28 before compose_file_path was read
    static let november25 = Corpus(folder: "phoenix-real-2025-11-25", fixture: "real-2025-11-25", expectedWarnings: 25)  // 30 before ADR 0041 (cert_type is read), 28 before compose_file_path was read
    static let all = [october, november16, november25]

    static func report(_ corpus: Corpus) -> ValidationReport {
        ConfigValidator.validate(source: FolderSource(root: corpus.root))
    }

    @Test(arguments: all)
    func validatesWithoutErrors(corpus: Corpus) throws {
        let report = Self.report(corpus)
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.formatted))")
        let warnings = report.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == corpus.expectedWarnings, "\(warnings.map(\.formatted).joined(separator: "\n"))")
        #expect(report.snapshot != nil)
    }

    @Test(arguments: all)
    func everyStageRendersWithoutErrorsAndMatchesItsGoldenFiles(corpus: Corpus) throws {
        let snapshot = try #require(Self.report(corpus).snapshot)
        var problems: [String] = []
        for stage in StageCatalogue.standard.stages {
            let render = stage.render(snapshot, settings: StageSettings())
            #expect(!render.hasErrors, "\(stage.id): \(render.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
            // The 2025-11-16 corpus ("corpus") already has golden files from the stage suites.
            guard corpus.fixture != "corpus" else { continue }
            if StagesBGoldenTests.stages.contains(where: { $0.id == stage.id }) {
                try StagesBGolden.verify(render, fixture: corpus.fixture)  // desired states nest: their own layout
            } else {
                problems += try Golden.mismatches(render, fixture: corpus.fixture)
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    private static func records(_ render: Render) -> [String: String] {
        guard let file = render.artifacts.first(where: { $0.path == StageSettings().dnsmasqRecords }) else { return [:] }
        var result: [String: String] = [:]
        for line in String(decoding: file.contents, as: UTF8.self).split(separator: "\n") where line.hasPrefix("address=/") {
            let parts = line.split(separator: "/")
            result[String(parts[1])] = String(parts[2])
        }
        return result
    }

    /// The gateway's fixed address is on its second NIC; Traefik and Step-CA are on the mesh.
    @Test func newestCorpusResolvesEachRoleGuestToItsOwnMeshAddress() throws {
        let snapshot = try #require(Self.report(Self.november25).snapshot)
        let records = Self.records(DNSStage().render(snapshot, settings: StageSettings()))
        #expect(records["nginx-phoenix.internal.thinkheads.ai"] == "172.16.100.10")
        #expect(records["traefik-internal.internal.thinkheads.ai"] == "172.16.100.12")
        #expect(records["step-ca.internal.thinkheads.ai"] == "172.16.100.11")
        let gateway = try #require(snapshot.role(.gateway))
        #expect(gateway.nics.map(\.key) == ["network_config", "secondary_network_config"])
        #expect(gateway.addressNIC()?.name == "eth1")
        #expect(gateway.nics.map(\.proxmoxName) == ["net0", "net1"])
    }

    /// The setting `guestAddressInterfaces` overrides the rule: naming the gateway's DHCP NIC leaves it
    /// without an address, which the stages that need it report at that NIC.
    @Test func theSettingNamesTheAddressNIC() throws {
        let snapshot = try #require(Self.report(Self.november25).snapshot)
        var settings = StageSettings()
        settings.guestAddressInterfaces = ["101": "eth0"]
        let render = NginxGatewayStage().render(snapshot, settings: settings)
        #expect(!render.hasErrors, "the gateway's own address is not what nginx-gateway needs")
        let dns = DNSStage().render(snapshot, settings: settings)
        let error = try #require(dns.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("ip \"dhcp\" on network_config"), "\(error.message)")
        #expect(error.pointer?.description == "/lxc_configs/101/network_config/ip")
        settings.guestAddressInterfaces = ["102": "net0"]
        #expect(Self.records(DNSStage().render(snapshot, settings: settings))["traefik-internal.internal.thinkheads.ai"] == "172.16.100.12")
    }

    /// With `dnsTargets` pointing stack and service names at Traefik, every such name is Traefik's.
    @Test func newestCorpusPointsStackAndServiceNamesAtTraefikWhenAsked() throws {
        let snapshot = try #require(Self.report(Self.november25).snapshot)
        var settings = StageSettings()
        settings.dnsTargets.stackHosts = .traefik
        settings.dnsTargets.traefikServices = .traefik
        let render = DNSStage().render(snapshot, settings: settings)
        #expect(!render.hasErrors)
        let records = Self.records(render)
        let stackHosts = StackHostRules.stackHosts(snapshot, environment: settings.environment).map { $0.host.lowercased() }
        let serviceNames = snapshot.guests.compactMap { $0.traefikService?.name }.map { "\($0).internal.thinkheads.ai" }
        #expect(!stackHosts.isEmpty && !serviceNames.isEmpty)
        for host in stackHosts + serviceNames {
            #expect(records[host] == "172.16.100.12", "\(host) → \(records[host] ?? "no record")")
        }
    }

    /// October: both stacks of the stacks config are found by compose_file_path, with their files; the
    /// stack whose compose file is missing is a warning at the VM that deploys it.
    @Test func octoberCorpusFindsBothStacksWithTheirFiles() throws {
        let report = Self.report(Self.october)
        let snapshot = try #require(report.snapshot)
        let qdrant = try #require(snapshot.stack(named: "qdrant_service"))
        #expect(qdrant.path == "persistent-storage/qdrant")
        #expect(qdrant.files.map(\.relativePath) == ["docker-compose.yml"])
        #expect(qdrant.compose != nil)
        let app = try #require(snapshot.stack(named: "thinkheads_ai_app"))
        #expect(app.path == "persistent-storage/thinkheads_ai")
        #expect(app.files.map(\.relativePath) == ["configs/dev.env", "configs/prod.env", "configs/test.env"])
        #expect(app.composeBytes == nil)
        let dangling = try #require(
            report.diagnostics.first { $0.code == .composeFileMissing && $0.file == "config/phoenix_vm_configs.json" })
        #expect(dangling.severity == .warning)
        #expect(dangling.pointer?.description == "/vms/2/docker_stacks/1")
        #expect(dangling.line != nil)
        // The stack files stage copies both folders under their stack names.
        let files = StackFilesStage().render(snapshot, settings: StageSettings())
        #expect(files.artifacts.map(\.path).contains("/quickOS/portainer_stacks/qdrant_service/docker-compose.yml"))
        #expect(files.artifacts.map(\.path).contains("/quickOS/portainer_stacks/thinkheads_ai_app/configs/prod.env"))
        // No swarm manager yet: the swarm and its dependants are not applicable, not failures.
        #expect(SwarmStage().render(snapshot, settings: StageSettings()).notApplicable != nil)
        #expect(PortainerStage().render(snapshot, settings: StageSettings()).notApplicable != nil)
    }
}
