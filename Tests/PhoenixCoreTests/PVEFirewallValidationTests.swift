import Foundation
import Testing

@testable import PhoenixCore

/// Rules pve-firewall's parser would warn about and silently drop (`Firewall.pm` `verify_rule`) are
/// errors in `validate`, with file, pointer and line:column. The first three are the ones the review
/// ran through the real parser (docs/reviews/proxmox-fidelity.md, F3); `validate` accepted them.
@Suite struct PVEFirewallValidationTests {
    typealias F = ConfigFixture

    private func finding(
        replacing old: String, with new: String, pointer: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic {
        var fixture = F()
        try edit(&fixture.lxc, old, new)
        let report = try fixture.validate()
        let found = report.findings(.invalidFirewallRule)
        try #require(found.count == 1, "\(report.diagnostics.map(\.formatted))", sourceLocation: sourceLocation)
        let diagnostic = found[0]
        #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
        #expect(diagnostic.file == F.lxcPath, sourceLocation: sourceLocation)
        #expect(diagnostic.pointer?.description == pointer, sourceLocation: sourceLocation)
        #expect(diagnostic.line != nil && diagnostic.column != nil, sourceLocation: sourceLocation)
        #expect(diagnostic.message.contains("pve-firewall would drop this rule"), sourceLocation: sourceLocation)
        return diagnostic
    }

    static let rule = #"{"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "80,443", "source": "10.0.0.0/24"}"#

    @Test func aPortWithoutAProtocol() throws {
        let diagnostic = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "port": "22", "source": "10.0.0.0/24"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/proto")
        #expect(diagnostic.message.contains("needs a proto"))
    }

    @Test func aGuestRuleOnTheNameInsideTheGuest() throws {
        let diagnostic = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "iface": "eth0", "proto": "tcp", "port": "8080"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/iface")
        #expect(diagnostic.message.contains("net0, net1"))
        let diagnostic2 = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "iface": "net1", "proto": "tcpp", "port": "81"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/proto")
        #expect(diagnostic2.message.contains("unknown protocol 'tcpp'"))
    }

    @Test func portsOnAProtocolWithoutPortsAndUnknownServiceNames() throws {
        let icmp = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "proto": "icmp", "sport": "22"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/sport")
        #expect(icmp.message.contains("protocol 'icmp' does not support ports"))
        let service = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "https,no-such-service"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/port")
        #expect(service.message.contains("invalid port 'no-such-service'"))
        let many = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "proto": "udp", "port": "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/port")
        #expect(many.message.contains("too many entries"))
    }

    /// Net::IP refuses a prefix with host bits set ("Invalid prefix"), and a rule may not mix families.
    @Test func addressesNetIPRefusesOrThatMixFamilies() throws {
        let prefix = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.0.0.1/24"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/source")
        #expect(prefix.message.contains("Invalid prefix"))
        let mixed = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "proto": "icmp", "dest": "fd00::1"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/dest")
        #expect(mixed.message.contains("detected mixed ipv4/ipv6 addresses in rule"))
        let reversed = try finding(
            replacing: Self.rule, with: #"{"type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.0.0.9-10.0.0.1"}"#,
            pointer: "/lxc_configs/101/firewall/rules/0/source")
        #expect(reversed.message.contains("reversed"))
    }

    /// What the parser keeps stays clean: service names, ICMP type names as an ICMP rule's port,
    /// numeric protocols, `lo` on the cluster.
    @Test func whatTheParserKeepsIsNotReported() throws {
        var fixture = F()
        try edit(
            &fixture.lxc, Self.rule,
            #"{"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "ssh,8000:8010", "source": "10.0.0.0/24,10.1.0.5", "dest": "10.0.0.1-10.0.0.9"}, {"type": "out", "action": "DROP", "proto": "icmpv6", "dest": "fd00::/64"}, {"type": "in", "action": "ACCEPT", "proto": "icmp", "port": "echo-request"}, {"type": "in", "action": "ACCEPT", "proto": "6", "port": "443", "iface": "net0"}, {"type": "group", "action": "webservers", "iface": "net1"}"#)
        let report = try fixture.validate()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.formatted))")
        #expect(PVEFirewallRuleCheck.problems(FirewallRule(type: "in", action: "ACCEPT", iface: "lo"), in: .cluster).isEmpty)
        #expect(!PVEFirewallRuleCheck.problems(FirewallRule(type: "in", action: "ACCEPT", iface: "lo"), in: .container).isEmpty)
    }
}
