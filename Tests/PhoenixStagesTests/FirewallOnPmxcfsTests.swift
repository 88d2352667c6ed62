import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixTesting
import Testing

@testable import PhoenixStages

/// The firewall stage against what a Proxmox host really does: pmxcfs modes, a `compile` that only warns
/// (the stand-in runs a port of pve-firewall's parser), and a `cluster.fw` shared with the operator.
@Suite struct FirewallOnPmxcfsTests {
    let stage = FirewallStage()

    /// A host with the example's guests declared, so `compile` loads their `<id>.fw` like the real one.
    private func host(_ snapshot: ConfigSnapshot) throws -> StandInHost {
        let host = try StandInHost()
        for guest in snapshot.guests {
            try host.setGuest(guest.kind == .vm ? .vm(guest.id) : .lxc(guest.id), .running)
        }
        return host
    }

    /// Before the fix the files were written 0644, which pmxcfs refuses: the stage could never apply.
    @Test func filesAreWrittenWithTheOnlyModePmxcfsAllows() async throws {
        let snapshot = try StageFixtures.example()
        let host = try host(snapshot)
        defer { host.remove() }
        let render = stage.render(snapshot, settings: StageSettings())
        let report = try await stage.apply(render, context: StageFixtures.context(host.proxmoxDriver(), snapshot: snapshot))
        #expect(report.written.count == 9)
        #expect(report.actions == [["pve-firewall", "restart"]])
        for artifact in render.artifacts {
            #expect(host.mode(artifact.path, at: .host) == 0o640, "\(artifact.path)")
        }
        #expect(try host.unit("pve-firewall", at: .host)?.restarts == 1)
    }

    /// A port without a protocol, a guest rule on `eth0`, an unknown protocol: pve-firewall warns, drops
    /// them and exits 0. The stage must treat the warnings as a failed check and put the files back.
    @Test func rulesTheParserWouldDropAreAFailedCheck() async throws {
        let before = try StageFixtures.example()
        let previous = stage.render(before, settings: StageSettings())
        let after = try StageFixtures.example(editing: StageFixtures.lxcPath) { root in
            var configs = root["lxc_configs"] as? [String: Any] ?? [:]
            var gateway = configs["210"] as? [String: Any] ?? [:]
            var firewall = gateway["firewall"] as? [String: Any] ?? [:]
            var rules = firewall["rules"] as? [[String: Any]] ?? []
            rules += [
                ["type": "in", "action": "ACCEPT", "source": "10.20.0.0/24", "port": "22"],
                ["type": "in", "action": "ACCEPT", "iface": "eth0", "proto": "tcp", "port": "8080"],
                ["type": "in", "action": "ACCEPT", "proto": "tcpp", "port": "81"],
            ]
            firewall["rules"] = rules
            gateway["firewall"] = firewall
            configs["210"] = gateway
            root["lxc_configs"] = configs
        }
        let host = try host(after)
        defer { host.remove() }
        for artifact in previous.artifacts {
            try host.setFile(artifact.path, contents: artifact.contents, at: .host)
        }
        let render = stage.render(after, settings: StageSettings())
        #expect(!render.hasErrors)
        do {
            _ = try await stage.apply(
                render, context: StageFixtures.context(host.proxmoxDriver(), snapshot: after, previous: previous.applied))
            Issue.record("compile warned about 210.fw; the stage must not restart the firewall")
        } catch let StageError.validationFailed(_, tool, output) {
            #expect(tool == "pve-firewall compile")
            #expect(output.contains("/etc/pve/firewall/210.fw (line "))
            #expect(output.contains("missing property - 'dport' requires this property"))
            #expect(output.contains("value does not match the regex pattern 'net\\d+'"))
            #expect(output.contains("unknown protocol 'tcpp'"))
        }
        for artifact in previous.artifacts {
            #expect(host.file(artifact.path, at: .host) == artifact.contents, "\(artifact.path) restored")
        }
        #expect(try host.unit("pve-firewall", at: .host) == nil)
    }

    /// IP sets, groups, aliases and GUI options of `cluster.fw` survive byte for byte; only the stage's
    /// options and `[RULES]` change, and a second apply finds nothing to do.
    @Test func clusterFileKeepsTheOperatorsSections() async throws {
        let snapshot = try StageFixtures.example()
        let host = try host(snapshot)
        defer { host.remove() }
        let operatorText = """
            [OPTIONS]

            log_ratelimit: enable=1,rate=1/second,burst=5
            enable: 0
            ebtables: 1
            policy_in: ACCEPT

            [ALIASES]

            nas 10.20.0.40 # storage

            [IPSET management] # admins

            10.20.0.0/28

            [RULES]

            IN SSH(ACCEPT) -source +management

            [group webservers] # web

            IN HTTP(ACCEPT)

            """
        try host.setFile("/etc/pve/firewall/cluster.fw", contents: Data(operatorText.utf8), at: .host)
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = host.proxmoxDriver()
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(report.written.map(\.path).contains("/etc/pve/firewall/cluster.fw"))
        let merged = String(decoding: try #require(host.file("/etc/pve/firewall/cluster.fw", at: .host)), as: UTF8.self)
        for kept in [
            "log_ratelimit: enable=1,rate=1/second,burst=5\n", "ebtables: 1\n", "[ALIASES]\n\nnas 10.20.0.40 # storage\n",
            "[IPSET management] # admins\n\n10.20.0.0/28\n", "[group webservers] # web\n\nIN HTTP(ACCEPT)\n",
        ] {
            #expect(merged.contains(kept), "kept: \(kept)")
        }
        #expect(merged.hasPrefix("# Managed by phoenix-gitops (stage firewall); do not edit\n[OPTIONS]\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n"))
        #expect(!merged.contains("enable: 0") && !merged.contains("policy_in: ACCEPT") && !merged.contains("SSH(ACCEPT)"))
        let cluster = try #require(render.artifacts.first { $0.path.hasSuffix("/cluster.fw") })
        #expect(stage.ownedPart(of: Data(merged.utf8), at: cluster.key) == cluster.contents)

        let again = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: render.applied))
        #expect(!again.changedAnything)
    }

    /// pve-firewall.adoc:247-249: without `firewall=1` on a NIC, `enable: 1` does nothing there. Checked and
    /// reported (apply notes, drift), never silently accepted.
    @Test func aNICWithoutTheFirewallFlagIsReported() async throws {
        let snapshot = try StageFixtures.example()
        let host = try host(snapshot)
        defer { host.remove() }
        let gateway = try #require(snapshot.guests.first { $0.id == 210 })
        #expect(gateway.firewall?.enabled == true)
        try host.setGuestConfig(
            .lxc(210), "hostname: gateway\nnet0: name=eth0,bridge=vmbr0,firewall=1,ip=10.20.0.10/24\nnet1: name=eth1,bridge=vmbr1,ip=dhcp\n")
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = host.proxmoxDriver()
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(report.notes.count == 1)
        #expect(report.notes.first?.contains("net1 has no firewall=1 flag") == true)
        #expect(report.notes.first?.contains("LXC 210") == true)
        #expect(try host.argvs(of: "pct").contains(["config", "210"]))
        let drift = try await stage.observe(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(drift.map(\.object) == ["pct config 210"])
        #expect(NICFirewallFlags.unflagged("net0: virtio=AA,bridge=vmbr0\nnet1: virtio=BB,firewall=1\n[snap]\nnet2: x\n") == ["net0"])
    }

    @Test func mergeIsIdempotentAndKeepsAFileWithoutOurSections() {
        let header = "# Managed by phoenix-gitops (stage firewall); do not edit"
        let ours = Data("\(header)\n[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -i lo\n".utf8)
        let current = Data("[IPSET a]\n\n10.0.0.0/24\n".utf8)
        let merged = ClusterFirewallFile.merge(ours, into: current, header: header)
        #expect(String(decoding: merged, as: UTF8.self) == "\(header)\n[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -i lo\n\n[IPSET a]\n\n10.0.0.0/24\n")
        #expect(ClusterFirewallFile.merge(ours, into: merged, header: header) == merged)
        #expect(ClusterFirewallFile.ownedPart(of: merged, header: header) == ours)
        #expect(ClusterFirewallFile.merge(ours, into: nil, header: header) == ours)
    }

    @Test func onlyWarningsNamingOurFilesCount() {
        let stderr = """
            /etc/pve/firewall/210.fw (line 9) - errors in rule parameters: IN ACCEPT -p tcpp -dport 81
              proto: unknown protocol 'tcpp'
            /etc/pve/firewall/999.fw (line 2): skip line - no section
            unrelated
            """
        let found = FirewallCompileWarnings.naming(["/etc/pve/firewall/210.fw"], in: stderr)
        #expect(found == ["/etc/pve/firewall/210.fw (line 9) - errors in rule parameters: IN ACCEPT -p tcpp -dport 81\n  proto: unknown protocol 'tcpp'"])
    }
}
