import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// The stand-in `pve-firewall compile` warns and drops like the real parser (pve-firewall `Firewall.pm`
/// `generic_fw_config_parser`, `parse_fw_rule`, `verify_rule`) and exits 0, as the real one does. The
/// expected texts are the real parser's, as the review's harness printed them (check_fw.pl).
@Suite struct StandInFirewallCompileTests {
    private func compile(cluster: String, guests: [Location: String]) async throws -> PhoenixDrivers.CommandResult {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setFile("/etc/pve/firewall/cluster.fw", contents: Data(cluster.utf8), at: .host)
        for (location, text) in guests {
            try host.setGuest(location, .running)
            try host.setFile("/etc/pve/firewall/\(location.guestID ?? 0).fw", contents: Data(text.utf8), at: .host)
        }
        return try await host.runner().run(["pve-firewall", "compile"], timeout: .seconds(30))
    }

    @Test func cleanFilesCompileWithoutWarnings() async throws {
        let result = try await compile(
            cluster: "[OPTIONS]\nenable: 1\npolicy_in: DROP\n\n[RULES]\nIN ACCEPT -i lo\nIN ACCEPT -p tcp -dport 22,8006 # admin\n",
            guests: [.lxc(210): "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -i net1 -p tcp -dport 80\nIN ACCEPT -p icmp\nOUT DROP -p udp -dest 10.0.0.0/8 -sport 53\n"])
        #expect(result.exitCode == 0)
        #expect(result.stderrText == "")
        #expect(result.stdoutText.contains("iptables cmdlist:"))
    }

    @Test func droppedRulesAreWarnedAboutAndTheExitIsStillZero() async throws {
        let result = try await compile(
            cluster: "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -i lo\n",
            guests: [
                .lxc(210): "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -source 10.20.0.0/24 -dport 22\nIN ACCEPT -i eth0 -p tcp -dport 8080\nIN ACCEPT -p tcpp -dport 81\n",
                .vm(310): "[OPTIONS]\nenable: 1\nbogus: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 99999\nIN ACCEPT -source +nosuchset\nIN ACCEPT -p tcp -iface net0\n",
            ])
        #expect(result.exitCode == 0)
        let text = result.stderrText
        for expected in [
            "/etc/pve/firewall/210.fw (line 5) - errors in rule parameters: IN ACCEPT -source 10.20.0.0/24 -dport 22\n",
            "  proto: missing property - 'dport' requires this property\n",
            "/etc/pve/firewall/210.fw (line 6) - errors in rule parameters: IN ACCEPT -i eth0 -p tcp -dport 8080\n"
                + "  iface: value does not match the regex pattern 'net\\d+'\n",
            "/etc/pve/firewall/210.fw (line 7) - errors in rule parameters: IN ACCEPT -p tcpp -dport 81\n",
            "  proto: unknown protocol 'tcpp'\n",
            "/etc/pve/firewall/310.fw (line 3): can't parse option 'bogus: 1'\n",
            "/etc/pve/firewall/310.fw (line 6) - errors in rule parameters: IN ACCEPT -p tcp -dport 99999\n"
                + "  dport: invalid port '99999'\n",
            "/etc/pve/firewall/310.fw (line 7) - errors in rule parameters: IN ACCEPT -source +nosuchset\n"
                + "  source: no such ipset 'nosuchset'\n",
            "/etc/pve/firewall/310.fw (line 8): unable to parse rule parameters: -iface net0\n",
        ] {
            #expect(text.contains(expected), "missing: \(expected)\nin: \(text)")
        }
    }

    /// Only guests of this node are compiled; an operator's ipset in cluster.fw satisfies a guest rule.
    @Test func operatorSectionsOfClusterFwAreReadLikeTheRealParser() async throws {
        let result = try await compile(
            cluster: "[OPTIONS]\nenable: 1\n\n[IPSET management] # admins\n10.20.0.0/28\n\n[ALIASES]\nnas 10.20.0.40\n\n[RULES]\nIN SSH(ACCEPT) -source +management\n\n[group webservers]\nIN HTTP(ACCEPT)\n",
            guests: [.lxc(210): "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 443 -source nas\nGROUP webservers -i net0\n"])
        #expect(result.exitCode == 0)
        #expect(result.stderrText == "")
    }
}
