import Foundation
import PhoenixTesting
import Testing

@testable import PhoenixCore

/// Issue #19 items 1–3: NICs, stacks named by compose_file_path, absent files; every finding with its
/// file, pointer and line:column.
@Suite struct RealDataValidationTests {
    typealias F = ConfigFixture

    private func single(_ report: ValidationReport, _ code: DiagnosticCode) throws -> Diagnostic {
        let found = report.findings(code)
        try #require(found.count == 1, "expected one \(code), got \(report.diagnostics.map(\.formatted))")
        return found[0]
    }

    // MARK: NICs

    @Test func secondNICCarriesTheAddressWhenTheFirstIsDHCP() throws {
        var fixture = F()
        try edit(
            &fixture.lxc, #""network_config": {"name": "eth0", "bridge": "vmbr0", "ip": "10.0.0.153/24", "gw": "10.0.0.1"},"#,
            #""network_config": {"name": "eth0", "bridge": "vmbr0.20", "ip": "dhcp", "hwaddr": "02:00:00:00:01:01"}, "secondary_network_config": {"name": "eth1", "bridge": "vmbr100", "ip": "172.16.100.10/24", "tag": 100},"#)
        let report = try fixture.validate()
        #expect(report.errorCount == 0, "\(report.diagnostics.map(\.formatted))")
        let gateway = try #require(report.snapshot?.role(.gateway))
        #expect(gateway.primaryIP == "172.16.100.10")
        #expect(gateway.addressNIC()?.proxmoxName == "net1")
        #expect(gateway.nics.last?.vlan == 100)
        #expect(gateway.address(interface: "eth0") == nil, "a named DHCP NIC gives no address")
        #expect(!gateway.usesDHCP)
    }

    @Test func proxmoxStringFormAndAddressInterface() throws {
        var fixture = F()
        try edit(
            &fixture.lxc, #""traefik_service": {"name": "traefik", "port": 8080}"#,
            #""traefik_service": {"name": "traefik", "port": 8080}, "net1": "name=eth1,bridge=vmbr100,ip=172.16.100.12/24,hwaddr=02:00:00:00:01:02,tag=7", "address_interface": "net1""#)
        let report = try fixture.validate()
        #expect(report.errorCount == 0, "\(report.diagnostics.map(\.formatted))")
        let traefik = try #require(report.snapshot?.role(.traefik))
        #expect(traefik.nics.map(\.key) == ["network_config", "net1"])
        #expect(traefik.nics[1].hwaddr == "02:00:00:00:01:02" && traefik.nics[1].vlan == 7)
        #expect(traefik.primaryIP == "172.16.100.12", "address_interface names the second NIC")
    }

    @Test func nicFindingsPointAtTheirValue() throws {
        var fixture = F()
        try edit(
            &fixture.lxc, #""network_config": {"name": "eth0", "bridge": "vmbr0", "ip": "10.0.0.10/24", "gw": "10.0.0.1"}"#,
            #""network_config": {"name": "eth0", "bridge": "vmbr0", "ip": "10.0.0.10/24", "gw": "10.0.0.1", "hwaddr": "02:00:00:00:01"}, "secondary_network_config": {"name": "eth0", "bridge": "vmbr100", "ip": "10.0.0.12/24"}, "address_interface": "eth9""#)
        let report = try fixture.validate()
        let mac = try single(report, .invalidHWAddr)
        #expect(mac.file == F.lxcPath && mac.pointer?.description == "/lxc_configs/103/network_config/hwaddr")
        let at = try #require(position(of: "\"hwaddr\"", in: fixture.lxc))
        #expect(mac.line == at.line && mac.column == at.column)
        let name = try single(report, .duplicateNICName)
        #expect(name.pointer?.description == "/lxc_configs/103/secondary_network_config/name" && name.line != nil)
        let interface = try single(report, .unknownInterface)
        #expect(interface.pointer?.description == "/lxc_configs/103/address_interface")
        // The same address on another bridge is still one address used twice.
        let duplicate = try single(report, .duplicateIP)
        #expect(duplicate.pointer?.description == "/lxc_configs/103/secondary_network_config/ip")
    }

    @Test func publishedGuestOnDHCPWithoutHWAddrIsAWarning() throws {
        var fixture = F()
        try edit(&fixture.lxc, #""ip": "10.0.0.12/24", "gw": "10.0.0.1"},"#, #""ip": "dhcp"},"#)
        let report = try fixture.validate()
        let warning = try single(report, .dhcpWithoutHWAddr)
        #expect(warning.severity == .warning && warning.pointer?.description == "/lxc_configs/102/network_config")
    }

    // MARK: Stacks by compose_file_path

    private func stacksConfig(_ entries: String) -> String { #"{"docker_stacks": {\#(entries)}}"# }

    @Test func composePathStackHasItsFolderFiles() throws {
        let report = try F().validate { scratch in
            try scratch.write("config/phoenix_stacks_config.json", stacksConfig(#""db": {"compose_file_path": "persistent-storage/db/docker-compose.yml"}"#))
            try scratch.write("persistent-storage/db/docker-compose.yml", "services:\n  db:\n    image: postgres\n")
            try scratch.write("persistent-storage/db/configs/prod.env", "A=1\n")
        }
        #expect(report.errorCount == 0, "\(report.diagnostics.map(\.formatted))")
        let stack = try #require(report.snapshot?.stack(named: "db"))
        #expect(stack.path == "persistent-storage/db" && stack.definedBy?.pointer.description == "/docker_stacks/db/compose_file_path")
        #expect(stack.files.map(\.relativePath) == ["configs/prod.env", "docker-compose.yml"])
        #expect(stack.compose != nil)
    }

    @Test(arguments: ["/srv/db/docker-compose.yml", "../db/docker-compose.yml", "persistent-storage/../../x/compose.yml", "docker-compose.yml"])
    func unsafeComposePathsAreErrorsAtTheirPointer(path: String) throws {
        let report = try F().validate { scratch in
            try scratch.write("config/phoenix_stacks_config.json", stacksConfig(#""db": {"compose_file_path": "\#(path)"}"#))
        }
        let error = try single(report, .unsafeComposePath)
        #expect(error.severity == .error && error.file == "config/phoenix_stacks_config.json")
        #expect(error.pointer?.description == "/docker_stacks/db/compose_file_path" && error.line == 1)
    }

    @Test func symlinkedComposePathIsAnError() throws {
        let report = try F().validate { scratch in
            try scratch.write("config/phoenix_stacks_config.json", stacksConfig(#""db": {"compose_file_path": "linked/db/docker-compose.yml"}"#))
            try scratch.write("elsewhere/db/docker-compose.yml", "services: {}\n")
            try FileManager.default.createSymbolicLink(
                at: scratch.url.appendingPathComponent("linked"), withDestinationURL: scratch.url.appendingPathComponent("elsewhere"))
        }
        let error = try single(report, .unsafeComposePath)
        #expect(error.message.contains("symbolic link linked"))
        #expect(report.snapshot?.stack(named: "db") == nil)
    }

    @Test func oneStackDefinedBothWaysNamesBothPlaces() throws {
        let report = try F().validate { scratch in
            try scratch.write("config/phoenix_stacks_config.json", stacksConfig(#""demo": {"compose_file_path": "persistent-storage/demo/docker-compose.yml"}"#))
            try scratch.write("persistent-storage/demo/docker-compose.yml", "services: {}\n")
        }
        let error = try single(report, .stackDefinedTwice)
        #expect(error.message.contains("stacks/demo/") && error.message.contains("persistent-storage/demo/docker-compose.yml"))
        #expect(error.pointer?.description == "/docker_stacks/demo/compose_file_path")
    }

    @Test func staleComposePathBesideAFolderIsAWarningAndTheFolderWins() throws {
        let report = try F().validate { scratch in
            try scratch.write("config/phoenix_stacks_config.json", stacksConfig(#""demo": {"compose_file_path": "persistent-storage/demo/docker-compose.yml"}"#))
        }
        #expect(report.errorCount == 0)
        #expect(try single(report, .composeFileMissing).severity == .warning)
        #expect(report.snapshot?.stack(named: "demo")?.path == "stacks/demo")
    }

    @Test func aStackNoLayoutDefinesStaysAnError() throws {
        var fixture = F()
        try edit(&fixture.vm, #""docker_stacks": ["demo"]"#, #""docker_stacks": ["demo", "ghost"]"#)
        let report = try fixture.validate()
        let error = try single(report, .missingStack)
        #expect(error.message.contains("no compose_file_path"))
    }

    // MARK: Deleted files

    @Test func deletingAFileThatDescribedSomethingIsAnError() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-core")
        defer { scratch.remove() }
        try F().write(to: scratch)
        let before = ConfigLoader.load(from: FolderSource(root: scratch.url))
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent(F.lxcPath))
        let after = ConfigLoader.load(from: FolderSource(root: scratch.url))
        #expect(after.snapshot?.lxcs.isEmpty == true)
        let findings = DeletedFileChecks.findings(previous: before, current: after, layout: .default)
        #expect(findings.map(\.code) == [.fileDeleted])
        #expect(findings.first?.message == "deleting phoenix_lxc_configs.json would remove 3 LXC containers and their firewall files; write `\"lxc_configs\": {}` to mean it")
        #expect(DeletedFileChecks.findings(previous: after, current: after, layout: .default).isEmpty)
    }
}
