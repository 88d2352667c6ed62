import Foundation
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

@Suite struct FirewallStageTests {
    let stage = FirewallStage()

    private func text(_ render: Render, _ name: String) -> String? {
        render.artifacts.first { $0.path == "/etc/pve/firewall/\(name)" }.map { String(decoding: $0.contents, as: UTF8.self) }
    }

    private func rules(_ text: String?) -> [String] {
        guard let text, let start = text.range(of: "[RULES]\n") else { return [] }
        return text[start.upperBound...].split(separator: "\n").map(String.init)
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

    /// The guide's table (docs/example-config.md, "Firewall files").
    @Test func exampleFilesMatchTheGuide() throws {
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        #expect(render.artifacts.map(\.path) == ["cluster", "210", "220", "230", "240", "241", "310", "320", "321"].map {
            "/etc/pve/firewall/\($0).fw"
        })
        let cluster = try #require(text(render, "cluster.fw"))
        #expect(cluster.hasPrefix("# Managed by phoenix-gitops (stage firewall); do not edit\n[OPTIONS]\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n"))
        #expect(rules(cluster).first == "IN ACCEPT -i lo" && rules(cluster).count == 7)
        let gateway = rules(text(render, "210.fw"))
        #expect(gateway.count == 6)
        #expect(gateway.prefix(2) == [
            "IN ACCEPT -i net1 -p tcp -dport 80 # Auto-allow HTTP on Public Interface",
            "IN ACCEPT -i net1 -p tcp -dport 443 # Auto-allow HTTPS on Public Interface",
        ])
        #expect(gateway[2] == "IN ACCEPT -p tcp -source 10.20.0.0/24 -dport 80,443 # HTTP and HTTPS from the lab network")
        for (name, count) in [("220.fw", 9), ("230.fw", 2), ("240.fw", 2), ("310.fw", 10), ("320.fw", 8), ("321.fw", 8)] {
            #expect(rules(text(render, name)).count == count, "\(name)")
            #expect(text(render, name)?.contains("enable: 1\n") == true, "\(name)")
        }
        // Disabled: switched off explicitly, not a 0-byte file.
        #expect(text(render, "241.fw")?.contains("[OPTIONS]\nenable: 0\n") == true)
        #expect(rules(text(render, "241.fw")).isEmpty)
    }

    /// Every rule of the corpus is written (duplicates included), in the short option forms.
    @Test func corpusKeepsEveryRule() throws {
        guard StageFixtures.corpusIsAvailable else { return print("SKIPPED: corpus not found") }
        let snapshot = try StageFixtures.corpus()
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(render.artifacts.count == 1 + snapshot.lxcs.count + snapshot.vms.count)
        #expect(rules(text(render, "cluster.fw")).count == 1 + (snapshot.hypervisor.firewall?.globalFirewallRules.count ?? -1))
        for guest in snapshot.guests {
            #expect(rules(text(render, "\(guest.id).fw")).count == guest.firewall?.rules.count ?? 0, "\(guest.label)")
            let enabled = guest.firewall?.enabled == true
            #expect(text(render, "\(guest.id).fw")?.contains("enable: \(enabled ? 1 : 0)\n") == true)
        }
        let all = render.artifacts.map { String(decoding: $0.contents, as: UTF8.self) }.joined()
        #expect(!all.contains("-proto") && !all.contains("-iface") && !all.contains("-log"))
    }

    @Test func ruleLinesUseTheShortOptionsInTheOriginalsOrder() {
        let rule = FirewallRule(
            type: "in", action: "accept", proto: "TCP", source: "10.0.0.0/24", dest: "10.0.0.2", port: "80,443",
            sourcePort: "1024:65535", iface: "net0", comment: "web\nOUT ACCEPT # injected")
        #expect(FirewallRuleLine.render(rule) == .line(
            "IN ACCEPT -i net0 -p tcp -source 10.0.0.0/24 -dest 10.0.0.2 -dport 80,443 -sport 1024:65535 # web OUT ACCEPT # injected",
            ignored: []))
        #expect(FirewallRuleLine.render(FirewallRule(type: "out", action: "DROP")) == .line("OUT DROP", ignored: []))
        #expect(FirewallRuleLine.render(FirewallRule(type: "group", action: "webservers", port: "80")) == .line("GROUP webservers", ignored: ["port"]))
        guard case .invalid(_, let key) = FirewallRuleLine.render(FirewallRule(type: "in", action: "ACCEPT", source: "10.0.0.1 -dest x")) else {
            Issue.record("a source with a space must be refused")
            return
        }
        #expect(key == "source")
        if case .line = FirewallRuleLine.render(FirewallRule(type: "in", action: "ALLOW")) { Issue.record("ALLOW is no action") }
        if case .line = FirewallRuleLine.render(FirewallRule(type: "forward", action: "ACCEPT")) { Issue.record("forward is no type") }
    }

    @Test func badRulesAreErrorsAtTheirPointer() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.lxcPath) { root in
            var configs = root["lxc_configs"] as? [String: Any] ?? [:]
            var notes = configs["240"] as? [String: Any] ?? [:]
            notes["firewall"] = ["enabled": true, "rules": [["type": "in", "action": "ACCEPT", "port": "80 -dest 1.2.3.4"]]]
            configs["240"] = notes
            root["lxc_configs"] = configs
        }
        let render = stage.render(snapshot, settings: StageSettings())
        let error = try #require(render.diagnostics.first { $0.severity == .error })
        #expect(error.code == .invalidFirewallRule)
        #expect(error.pointer?.description == "/lxc_configs/240/firewall/rules/0/port")
        #expect(rules(text(render, "240.fw")).isEmpty)
    }

    @Test func clusterSwitchIsHonouredWithAWarning() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            var firewall = root["firewall"] as? [String: Any] ?? [:]
            firewall["enabled"] = false
            root["firewall"] = firewall
        }
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(text(render, "cluster.fw")?.contains("[OPTIONS]\nenable: 0\n") == true)
        #expect(render.diagnostics.contains { $0.severity == .warning && $0.pointer?.description == "/firewall/enabled" })
    }

    @Test func publicInterfaceWithoutASecondNICIsReported() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.lxcPath) { root in
            var configs = root["lxc_configs"] as? [String: Any] ?? [:]
            var notes = configs["240"] as? [String: Any] ?? [:]
            notes["public_interface"] = ["enabled": true]
            configs["240"] = notes
            root["lxc_configs"] = configs
        }
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(render.diagnostics.contains { $0.severity == .warning && $0.message.contains("no secondary_network_config") })
        #expect(!(text(render, "240.fw") ?? "").contains("net1"))
    }

    @Test func applyWritesCompilesRestartsOnceThenNothing() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        let first = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(first.written.count == 9 && first.removed.isEmpty)
        // Besides compile and restart, only the read-only NIC flag checks (`pct|qm config <id>`) ran.
        let commands = await driver.commands()
        #expect(commands.filter { $0.count != 3 || $0[1] != "config" } == [["pve-firewall", "compile"], ["pve-firewall", "restart"]])
        #expect(commands.filter { $0.count == 3 && $0[1] == "config" }.allSatisfy { ["pct", "qm"].contains($0[0]) })
        #expect(first.actions == [["pve-firewall", "restart"]])
        await driver.resetRecording()
        let second = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: render.applied))
        #expect(!second.changedAnything)
        #expect(await driver.mutationCount == 0)
    }

    /// A guest that is gone loses the file we wrote for it; `999.fw`, which we never wrote, stays.
    @Test func removedGuestsFileGoesUnmanagedFilesStay() async throws {
        let before = try StageFixtures.example()
        let previous = stage.render(before, settings: StageSettings())
        let after = try StageFixtures.example(editing: StageFixtures.lxcPath) { root in
            var configs = root["lxc_configs"] as? [String: Any] ?? [:]
            configs["241"] = nil
            root["lxc_configs"] = configs
        }
        let render = stage.render(after, settings: StageSettings())
        let driver = RecordingDriver()
        for artifact in previous.artifacts { await driver.setFile(artifact.path, contents: artifact.contents, at: .host) }
        let unmanaged = Data("[OPTIONS]\nenable: 1\n".utf8)
        await driver.setFile("/etc/pve/firewall/999.fw", contents: unmanaged, at: .host)
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: after, previous: previous.applied))
        #expect(report.written.isEmpty)
        #expect(report.removed.map(\.path) == ["/etc/pve/firewall/241.fw"])
        #expect(report.actions == [["pve-firewall", "restart"]])
        #expect(await driver.file("/etc/pve/firewall/241.fw", at: .host) == nil)
        #expect(await driver.file("/etc/pve/firewall/999.fw", at: .host) == unmanaged)
        #expect(await driver.files(at: .host).count == 9)
    }

    @Test func failedCompilePutsThePreviousFilesBack() async throws {
        let before = try StageFixtures.example()
        let previous = stage.render(before, settings: StageSettings())
        let after = try StageFixtures.example(editing: StageFixtures.lxcPath) { root in
            var configs = root["lxc_configs"] as? [String: Any] ?? [:]
            configs["241"] = nil
            var notes = configs["240"] as? [String: Any] ?? [:]
            notes["firewall"] = ["enabled": true, "rules": [["type": "in", "action": "DROP", "proto": "tcp", "port": "22"]]]
            configs["240"] = notes
            root["lxc_configs"] = configs
        }
        let render = stage.render(after, settings: StageSettings())
        let driver = RecordingDriver()
        for artifact in previous.artifacts { await driver.setFile(artifact.path, contents: artifact.contents, at: .host) }
        await driver.answer(["pve-firewall", "compile"], with: CommandResult(exitCode: 255, stdout: "", stderr: "parse error"))
        await #expect(throws: StageError.self) {
            _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: after, previous: previous.applied))
        }
        for artifact in previous.artifacts {
            #expect(await driver.file(artifact.path, at: .host) == artifact.contents, "\(artifact.path) restored")
        }
        #expect(await !driver.commands().contains(["pve-firewall", "restart"]))
    }

    /// pve-firewall missing (not a Proxmox host): the new files do not stay unchecked.
    @Test func uncheckableFilesAreNotLeftLive() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        await driver.fail(["pve-firewall", "compile"], with: .executableNotFound(name: "pve-firewall", location: .host))
        await #expect(throws: DriverError.self) {
            _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        }
        #expect(await driver.files(at: .host).isEmpty)
    }
}
