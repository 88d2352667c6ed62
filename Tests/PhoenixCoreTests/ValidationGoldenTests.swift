import Foundation
import Testing

@testable import PhoenixCore

/// One broken input per kind of finding; each asserts code, severity, file, pointer and line:column.
@Suite struct ValidationGoldenTests {
    typealias F = ConfigFixture

    /// Finds the single diagnostic with `code` and checks where it points.
    @discardableResult
    func expectFinding(
        _ report: ValidationReport, _ code: DiagnosticCode, _ severity: Severity = .error, file: String,
        pointer: String?, at expected: (line: Int, column: Int)?, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic {
        let found = report.findings(code)
        try #require(found.count == 1, "expected one \(code), got \(report.diagnostics.map(\.formatted))", sourceLocation: sourceLocation)
        let diagnostic = found[0]
        #expect(diagnostic.severity == severity, sourceLocation: sourceLocation)
        #expect(diagnostic.file == file, sourceLocation: sourceLocation)
        #expect(diagnostic.pointer?.description == pointer, sourceLocation: sourceLocation)
        #expect(diagnostic.line == expected?.line, "line", sourceLocation: sourceLocation)
        #expect(diagnostic.column == expected?.column, "column", sourceLocation: sourceLocation)
        return diagnostic
    }

    @Test func fixtureIsClean() throws {
        let report = try F().validate()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.formatted))")
        let snapshot = try #require(report.snapshot)
        #expect(snapshot.roleResolution(.traefik)?.guest.id == 102)
        if case .explicit(let origin) = snapshot.roleResolution(.gateway)?.rule {
            #expect(origin.pointer.description == "/roles/gateway")
        } else {
            Issue.record("gateway should be resolved by the explicit roles entry")
        }
    }

    // MARK: Parsing

    @Test func truncatedJSON() throws {
        var fixture = F()
        fixture.hypervisor = String(fixture.hypervisor.prefix(while: { $0 != "]" }))
        let report = try fixture.validate()
        let lines = fixture.hypervisor.split(separator: "\n", omittingEmptySubsequences: false)
        let end = (lines.count, (lines.last?.unicodeScalars.count ?? 0) + 1)
        let diagnostic = try expectFinding(report, .jsonSyntax, file: F.hypervisorPath, pointer: nil, at: end)
        #expect(diagnostic.message.contains("end of file"))
        #expect(report.snapshot == nil)
        #expect(report.findings(.missingFile).isEmpty)
    }

    @Test func badToken() throws {
        var fixture = F()
        try edit(&fixture.vm, "\"swarm_role\": \"manager\"", "\"swarm_role\": manager")
        let report = try fixture.validate()
        let at = try #require(position(of: "manager,", in: fixture.vm))
        try expectFinding(report, .jsonSyntax, file: F.vmPath, pointer: nil, at: at)
    }

    @Test func byteOrderMarkIsAcceptedAndPositionsStayRight() throws {
        var fixture = F()
        try edit(&fixture.lxc, "\"ip\": \"10.0.0.10/24\"", "\"ip\": \"10.0.0.12/24\"")
        let report = try fixture.validate { scratch in
            try scratch.write(F.lxcPath, Data([0xEF, 0xBB, 0xBF]) + Data(fixture.lxc.utf8))
        }
        try expectFinding(report, .utf8BOM, .warning, file: F.lxcPath, pointer: "", at: (1, 1))
        #expect(report.snapshot != nil)
        let at = try #require(position(of: "\"ip\": \"10.0.0.12/24\"", in: fixture.lxc, occurrence: 2))
        try expectFinding(report, .duplicateIP, file: F.lxcPath, pointer: "/lxc_configs/103/network_config/ip", at: at)
    }

    @Test func duplicateKeyWithDifferentValues() throws {
        var fixture = F()
        try edit(&fixture.vm, "\"name\": \"manager\",", "\"name\": \"manager\",\n            \"name\": \"other\",")
        let report = try fixture.validate()
        let first = try #require(position(of: "\"name\"", in: fixture.vm))
        let second = try #require(position(of: "\"name\"", in: fixture.vm, occurrence: 2))
        let diagnostic = try expectFinding(report, .duplicateKey, file: F.vmPath, pointer: "/vms/0/name", at: second)
        #expect(diagnostic.message.contains("\(first.line):\(first.column)"))
        #expect(diagnostic.message.contains("\(second.line):\(second.column)"))
    }

    @Test func duplicateKeyWithSameValue() throws {
        var fixture = F()
        try edit(&fixture.vm, "\"name\": \"manager\",", "\"name\": \"manager\", \"name\": \"manager\",")
        let report = try fixture.validate()
        let second = try #require(position(of: "\"name\"", in: fixture.vm, occurrence: 2))
        try expectFinding(report, .duplicateKeyIdentical, .warning, file: F.vmPath, pointer: "/vms/0/name", at: second)
        #expect(!report.hasErrors)
    }

    @Test func fiftyMegabyteFileIsRejectedBeforeReading() throws {
        let report = try F().validate { scratch in
            var big = Data("{\"domain_name\": \"x\"}".utf8)
            big.append(Data(repeating: 0x20, count: 50 * 1024 * 1024))
            try scratch.write(F.hypervisorPath, big)
        }
        let diagnostic = try expectFinding(report, .fileTooLarge, file: F.hypervisorPath, pointer: nil, at: nil)
        #expect(diagnostic.message.contains("52428820"))
        #expect(report.snapshot == nil)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let report = try F().validate { scratch in
            try scratch.write("stacks/demo/phoenix.json", Data(repeating: UInt8(ascii: "["), count: 100_000))
        }
        try expectFinding(report, .jsonNestingTooDeep, file: "stacks/demo/phoenix.json", pointer: nil, at: (1, 257))
        #expect(report.snapshot != nil)
    }

    @Test func invalidUTF8() throws {
        var fixture = F()
        try edit(&fixture.lxc, "\"name\": \"ca\"", "\"name\": \"c\u{1}a\"")
        let at = try #require(position(of: "\u{1}", in: fixture.lxc))
        let bytes = Data(fixture.lxc.utf8.map { $0 == 0x01 ? 0xFF : $0 })
        let report = try fixture.validate { try $0.write(F.lxcPath, bytes) }
        let diagnostic = try expectFinding(report, .invalidUTF8, file: F.lxcPath, pointer: nil, at: at)
        #expect(diagnostic.message.contains("0xFF"))
    }

    @Test func yamlSyntaxError() throws {
        var fixture = F()
        fixture.compose = "services:\n  web:\n    image: [nginx\n  db: {}\n"
        let report = try fixture.validate()
        let diagnostic = try expectFinding(report, .yamlSyntax, file: F.composePath, pointer: nil, at: (4, 5))
        #expect(!diagnostic.message.isEmpty)
    }

    @Test func yamlDuplicateKey() throws {
        var fixture = F()
        fixture.compose = "services:\n  web:\n    image: a\n  web:\n    image: b\n"
        let report = try fixture.validate()
        let diagnostic = try expectFinding(report, .yamlDuplicateKey, file: F.composePath, pointer: nil, at: (2, 3))
        #expect(diagnostic.message.contains("web"))
    }

    @Test func stackFolderWithoutComposeFile() throws {
        let report = try F().validate { scratch in
            try scratch.write("stacks/empty/README.md", "nothing here")
        }
        try expectFinding(report, .missingComposeFile, .warning, file: "stacks/empty", pointer: nil, at: nil)
        #expect(report.snapshot?.stack(named: "empty")?.files.map(\.relativePath) == ["README.md"])
    }

    @Test func missingRequiredFile() throws {
        let report = try F().validate { scratch in
            try FileManager.default.removeItem(at: scratch.url.appendingPathComponent(F.hypervisorPath))
        }
        try expectFinding(report, .missingFile, file: F.hypervisorPath, pointer: nil, at: nil)
        #expect(report.snapshot == nil)
    }

    /// Issue #19: a platform's first weeks had no VM file; absent stands for "no VMs" (info), not an error.
    @Test func absentVMFileStandsForNoVMs() throws {
        let report = try F().validate { scratch in
            try FileManager.default.removeItem(at: scratch.url.appendingPathComponent(F.vmPath))
        }
        try expectFinding(report, .absentFile, .info, file: F.vmPath, pointer: nil, at: nil)
        #expect(report.findings(.missingFile).isEmpty)
        let snapshot = try #require(report.snapshot)
        #expect(snapshot.vms.isEmpty && !snapshot.lxcs.isEmpty)
    }

    // MARK: Model errors

    @Test func wrongType() throws {
        var fixture = F()
        try edit(&fixture.lxc, "\"port\": 8080", "\"port\": \"8080\"")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"8080\"", in: fixture.lxc))
        try expectFinding(report, .wrongType, file: F.lxcPath, pointer: "/lxc_configs/102/traefik_service/port", at: at)
    }

    @Test func duplicateGuestIDAcrossLXCAndVM() throws {
        var fixture = F()
        try edit(&fixture.vm, "\"vmid\": 1001,", "\"vmid\": 103,")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"vmid\"", in: fixture.vm))
        let diagnostic = try expectFinding(report, .duplicateGuestID, file: F.vmPath, pointer: "/vms/0/vmid", at: at)
        #expect(diagnostic.message.contains("LXC 103"))
    }

    @Test func duplicateIP() throws {
        var fixture = F()
        try edit(&fixture.vm, "10.0.0.111/24", "10.0.0.12/24")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"ip\"", in: fixture.vm))
        let diagnostic = try expectFinding(report, .duplicateIP, file: F.vmPath, pointer: "/vms/0/network_config/ip", at: at)
        #expect(diagnostic.message.contains("LXC 102"))
    }

    @Test func invalidCIDR() throws {
        var fixture = F()
        try edit(&fixture.lxc, "10.0.0.153/24", "10.0.0.300/24")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"ip\"", in: fixture.lxc))
        try expectFinding(report, .invalidIP, file: F.lxcPath, pointer: "/lxc_configs/101/network_config/ip", at: at)
    }

    @Test func portOutOfRange() throws {
        var fixture = F()
        try edit(&fixture.hypervisor, "\"port\": \"443\"", "\"port\": \"70000\"")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"port\"", in: fixture.hypervisor))
        try expectFinding(report, .portOutOfRange, file: F.hypervisorPath, pointer: "/firewall/global_firewall_rules/0/port", at: at)
    }

    @Test func dependencyNamingNoGuest() throws {
        var fixture = F()
        try edit(&fixture.lxc, "[\"103\"]", "[\"999\"]")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"999\"", in: fixture.lxc))
        try expectFinding(report, .unknownGuest, file: F.lxcPath, pointer: "/lxc_configs/101/dependencies/0", at: at)
    }

    @Test func certificateNamingNoGuest() throws {
        var fixture = F()
        try edit(&fixture.certificates, "\"guest_id\": 101", "\"guest_id\": 555")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"guest_id\"", in: fixture.certificates))
        try expectFinding(report, .unknownGuest, file: F.certificatesPath, pointer: "/0/guest_id", at: at)
    }

    @Test func stackWithoutFolder() throws {
        var fixture = F()
        try edit(&fixture.vm, "[\"demo\"]", "[\"demo\", \"ghost\"]")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"ghost\"", in: fixture.vm))
        try expectFinding(report, .missingStack, file: F.vmPath, pointer: "/vms/0/docker_stacks/1", at: at)
    }

    @Test(arguments: ["../etc", "/etc", "a/b", "..", "-rm"])
    func unsafeStackName(_ name: String) throws {
        var fixture = F()
        try edit(&fixture.vm, "[\"demo\"]", "[\"demo\", \"\(name)\"]")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"\(name)\"", in: fixture.vm))
        try expectFinding(report, .unsafeStackName, file: F.vmPath, pointer: "/vms/0/docker_stacks/1", at: at)
        #expect(report.findings(.missingStack).isEmpty)
    }

    @Test func explicitRoleNamingNoGuest() throws {
        var fixture = F()
        try edit(&fixture.hypervisor, "\"gateway\": 101", "\"gateway\": 555")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"gateway\": 555", in: fixture.hypervisor))
        try expectFinding(report, .invalidRole, file: F.hypervisorPath, pointer: "/roles/gateway", at: at)
        #expect(report.snapshot?.role(.gateway) == nil)
    }

    // MARK: Warnings

    @Test func plaintextSecretIsReportedWithoutItsValue() throws {
        var fixture = F()
        try edit(&fixture.hypervisor, "\"domain_name\"", "\"portainer_api\": {\"admin_password\": \"hunter2-Sup3r\"},\n    \"domain_name\"")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"admin_password\"", in: fixture.hypervisor))
        let diagnostic = try expectFinding(
            report, .plaintextSecret, .warning, file: F.hypervisorPath, pointer: "/portainer_api/admin_password", at: at)
        #expect(!diagnostic.formatted.contains("hunter2"))
        let json = String(decoding: try report.jsonData(source: "test"), as: UTF8.self)
        #expect(!json.contains("hunter2"))
        #expect(!report.formattedText().contains("hunter2"))
    }

    @Test func duplicateFirewallRule() throws {
        var fixture = F()
        let rule = "{\"type\": \"in\", \"action\": \"ACCEPT\", \"proto\": \"tcp\", \"port\": \"443\", \"comment\": \"https\"}"
        try edit(&fixture.hypervisor, rule, rule + ",\n            " + rule.replacingOccurrences(of: "https", with: "again"))
        let report = try fixture.validate()
        let at = try #require(position(of: "{\"type\"", in: fixture.hypervisor, occurrence: 2))
        let diagnostic = try expectFinding(
            report, .duplicateFirewallRule, .warning, file: F.hypervisorPath, pointer: "/firewall/global_firewall_rules/1", at: at)
        #expect(diagnostic.message.contains("comment"))
    }

    @Test func traefikServiceOnDHCPGuest() throws {
        var fixture = F()
        try edit(&fixture.lxc, "10.0.0.12/24", "dhcp")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"traefik_service\"", in: fixture.lxc))
        try expectFinding(report, .traefikOnDHCP, .warning, file: F.lxcPath, pointer: "/lxc_configs/102/traefik_service", at: at)
        #expect(report.snapshot?.role(.traefik)?.primaryIP == nil)
    }

    @Test func swarmWithTwoManagers() throws {
        var fixture = F()
        let second = ",\n        {\"vmid\": 1002, \"name\": \"second\", \"swarm_role\": \"manager\", \"network_config\": {\"ip\": \"10.0.0.112/24\"}}\n    ]"
        try edit(&fixture.vm, "\n    ]", second)
        let report = try fixture.validate()
        let at = try #require(position(of: "\"swarm_role\"", in: fixture.vm, occurrence: 2))
        try expectFinding(report, .swarmManagerCount, .warning, file: F.vmPath, pointer: "/vms/1/swarm_role", at: at)
    }

    @Test func swarmWithoutManager() throws {
        var fixture = F()
        try edit(&fixture.vm, "\"swarm_role\": \"manager\"", "\"swarm_role\": \"worker\"")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"swarm_role\"", in: fixture.vm))
        try expectFinding(report, .swarmManagerCount, .warning, file: F.vmPath, pointer: "/vms/0/swarm_role", at: at)
    }

    @Test func ignoredKey() throws {
        var fixture = F()
        try edit(&fixture.vm, "\"name\": \"manager\",", "\"name\": \"manager\", \"trigger_sync_on_completion\": true,")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"trigger_sync_on_completion\"", in: fixture.vm))
        try expectFinding(report, .ignoredKey, .warning, file: F.vmPath, pointer: "/vms/0/trigger_sync_on_completion", at: at)
    }

    @Test func legacyRoleFallback() throws {
        var fixture = F()
        try edit(&fixture.hypervisor, "\"gateway\": 101, ", "")
        try edit(&fixture.lxc, "\"name\": \"gateway\"", "\"name\": \"Nginx-Phoenix\"")
        let report = try fixture.validate()
        let at = try #require(position(of: "\"name\"", in: fixture.lxc))
        try expectFinding(report, .legacyRoleFallback, .warning, file: F.lxcPath, pointer: "/lxc_configs/101/name", at: at)
        #expect(report.snapshot?.roleResolution(.gateway)?.rule == .legacyName("Nginx-Phoenix"))
    }

    @Test func unresolvedRole() throws {
        var fixture = F()
        try edit(&fixture.hypervisor, ", \"ca\": 103", "")
        let report = try fixture.validate()
        try expectFinding(report, .unresolvedRole, .warning, file: F.hypervisorPath, pointer: "", at: (1, 1))
    }

    // MARK: Everything at once

    @Test func everyProblemIsReportedInOneRun() throws {
        var fixture = F()
        try edit(&fixture.vm, "10.0.0.111/24", "10.0.0.12/24")
        try edit(&fixture.lxc, "[\"103\"]", "[\"999\"]")
        try edit(&fixture.hypervisor, "\"port\": \"443\"", "\"port\": \"0\"")
        try edit(&fixture.certificates, "\"guest_id\": 101", "\"guest_id\": 555")
        fixture.compose = "services: [\n"
        let report = try fixture.validate()
        let codes = Set(report.diagnostics.map(\.code))
        #expect(codes == [.duplicateIP, .unknownGuest, .portOutOfRange, .yamlSyntax])
        #expect(report.errorCount == 5)
        let text = report.formattedText()
        #expect(text.hasSuffix("5 errors, 0 warnings\n"))
        #expect(text.contains("config/phoenix_vm_configs.json:"))
        #expect(text.split(separator: "\n").allSatisfy { $0.contains(": error: ") || $0.hasPrefix("5 errors") })
    }
}
