import Foundation
import PhoenixTesting
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

@Suite struct DNSStageTests {
    let stage = DNSStage()

    private func records(_ render: Render, settings: StageSettings = StageSettings()) -> [String: String] {
        guard let file = render.artifacts.first(where: { $0.path == settings.dnsmasqRecords }) else { return [:] }
        var result: [String: String] = [:]
        for line in String(decoding: file.contents, as: UTF8.self).split(separator: "\n") where line.hasPrefix("address=/") {
            let parts = line.split(separator: "/")
            result[String(parts[1])] = String(parts[2])
        }
        return result
    }

    @Test func exampleMatchesGolden() throws {
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        #expect(!render.hasErrors, "\(render.diagnostics.map(\.formatted))")
        #expect(render.artifacts.map(\.path) == ["/etc/dnsmasq.conf", "/etc/dnsmasq.d/00-phoenix-internal.conf", "/etc/resolv.conf"])
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

    /// The golden comparison can fail: a changed byte, a missing and an extra artifact are all reported.
    @Test func goldenComparisonReportsDifferences() throws {
        guard !Golden.isRecording else { return }
        var render = stage.render(try StageFixtures.example(), settings: StageSettings())
        render.artifacts[1].contents.append(Data("address=/x.lab.phoenix.test/10.20.0.99\n".utf8))
        render.artifacts.remove(at: 2)
        render.artifacts.append(Artifact(stage: .dns, location: .host, path: "/etc/extra.conf", text: "x\n"))
        let problems = try Golden.mismatches(render, fixture: "example")
        #expect(problems.count == 3)
        #expect(problems.contains { $0.contains("00-phoenix-internal.conf differs") && $0.contains("address=/x.lab.phoenix.test/") })
        #expect(problems.contains { $0.contains("resolv.conf: golden file no longer rendered") })
        #expect(problems.contains { $0.contains("extra.conf: no golden file") })
    }

    /// The guide's table (docs/example-config.md, "DNS records"): 16 records.
    @Test func exampleRecordsAreTheGuidesTable() throws {
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        let gateway = "10.20.0.10", traefik = "10.20.0.20"
        #expect(records(render) == [
            "edge-gateway.lab.phoenix.test": gateway, "embed-api.lab.phoenix.test": traefik,
            "embeddings.lab.phoenix.test": gateway, "grafana.lab.phoenix.test": gateway,
            "lab-ca.lab.phoenix.test": "10.20.0.30", "notes-app.lab.phoenix.test": traefik,
            "notes.lab.phoenix.test": gateway, "portainer.lab.phoenix.test": gateway,
            "registry.lab.phoenix.test": gateway, "swarm-manager.lab.phoenix.test": traefik,
            "swarm-worker-1.lab.phoenix.test": traefik, "swarm-worker-2.lab.phoenix.test": traefik,
            "traefik-mesh.lab.phoenix.test": traefik, "traefik.lab.phoenix.test": gateway,
            "vectors.lab.phoenix.test": gateway, "worker1-agent.lab.phoenix.test": traefik,
        ])
    }

    /// Reference §2.1b: the original's rules at the corpus commit give these 25 records.
    @Test func corpusReproducesTheOriginalsRecords() throws {
        guard StageFixtures.corpusIsAvailable else { return print("SKIPPED: corpus not found") }
        let render = stage.render(try StageFixtures.corpus(), settings: StageSettings())
        let gateway = "10.0.0.153", traefik = "10.0.0.12"
        var expected: [String: String] = [:]
        for name in ["qdrant", "thinkheads", "vllm-qwen2.5-7b-awq", "vllm-qwen2-7b-fp8-gpu1", "granite-embedding", "granite-3b",
            "nginx", "ollama", "llamacpp", "ca", "portainer", "traefik", "nginx-phoenix"]
        {
            expected["\(name).internal.thinkheads.ai"] = gateway
        }
        for name in ["copy-base", "copy-cuda12.8", "copy-vllm-gpux2", "copy-vllm-gpu0", "copy-vllm-gpu1", "granite-3.3-8b-fp8",
            "ollama-gpu0", "llamacpp-gpu0", "traefik-internal", "drphoenix", "drphoenix-agent"]
        {
            expected["\(name).internal.thinkheads.ai"] = traefik
        }
        expected["step-ca.internal.thinkheads.ai"] = "10.0.0.10"
        #expect(expected.count == 25)
        #expect(records(render) == expected)
        let text = String(decoding: render.artifacts[1].contents, as: UTF8.self)
        let hosts = text.split(separator: "\n").dropFirst().map { $0.split(separator: "/")[1] }
        #expect(hosts == hosts.sorted(), "records are sorted by host")
    }

    @Test func recordTargetsAreSettings() throws {
        var settings = StageSettings()
        settings.dnsTargets.lxcNames = .own
        settings.dnsTargets.traefikServices = .traefik
        settings.dnsTargets.agentHostnames = .own
        settings.dnsFixedNames = ["dashboard"]
        let render = stage.render(try StageFixtures.example(), settings: settings)
        let map = records(render, settings: settings)
        #expect(map["notes-app.lab.phoenix.test"] == "10.20.0.40")
        #expect(map["notes.lab.phoenix.test"] == "10.20.0.20")
        #expect(map["worker1-agent.lab.phoenix.test"] == "10.20.0.51")
        #expect(map["dashboard.lab.phoenix.test"] == "10.20.0.10")
        #expect(map["traefik.lab.phoenix.test"] == nil)

        settings.dnsTargets.stackHosts = .own
        let invalid = stage.render(try StageFixtures.example(), settings: settings)
        #expect(invalid.diagnostics.contains { $0.severity == .error && $0.message.contains("stackHosts") })
    }

    @Test func mainConfigIsDerivedFromTheConfig() throws {
        var settings = StageSettings()
        settings.dnsExtraListenAddresses = ["172.16.100.1"]
        let render = stage.render(try StageFixtures.example(), settings: settings)
        let conf = String(decoding: render.artifacts[0].contents, as: UTF8.self)
        #expect(conf.contains("\nlocal=/lab.phoenix.test/\n"))
        #expect(conf.contains("\nlisten-address=127.0.0.1,10.20.0.2,172.16.100.1\n"))
        #expect(conf.contains("\nserver=1.1.1.1\nserver=9.9.9.9\n"))
        #expect(conf.contains("\nconf-dir=/etc/dnsmasq.d,*.conf\n"))
        #expect(conf.hasPrefix("# Managed by phoenix-gitops (stage dns); do not edit\n"))
        let resolv = String(decoding: render.artifacts[2].contents, as: UTF8.self)
        #expect(resolv.contains("search lab.phoenix.test\nnameserver 10.20.0.2\nnameserver 1.1.1.1\n"))
    }

    /// Issue #19 (a platform under construction; this used to be an error): the records that need a
    /// Traefik guest nobody holds yet are left out with a warning, every other record is rendered and
    /// applied.
    @Test func missingTraefikGuestLeavesItsRecordsOutWithAWarning() async throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            var roles = root["roles"] as? [String: Any] ?? [:]
            roles["traefik"] = nil
            root["roles"] = roles
        }
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(!render.hasErrors, "\(render.diagnostics.map(\.formatted))")
        let warning = try #require(render.diagnostics.first { $0.code == .stageMissingInput })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("traefik role") && warning.message.contains("left out"))
        #expect(warning.file == StageFixtures.hypervisorPath && warning.pointer?.description == "/roles")
        #expect(records(render)["notes.lab.phoenix.test"] == "10.20.0.10")
        let driver = RecordingDriver()
        _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(await driver.mutationCount > 0)
    }

    @Test func missingGatewayGuestIsAnError() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            root["roles"] = ["gateway": 999, "traefik": 220, "ca": 230]
        }
        let render = stage.render(snapshot, settings: StageSettings())
        let error = try #require(render.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("roles.gateway names 999, which is no guest"))
        #expect(error.pointer?.description == "/roles/gateway")
    }

    @Test func disabledDNSRendersNothingAndAppliesNothing() async throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            root["dns_server"] = ["enabled": false, "upstream_servers": ["1.1.1.1"]]
        }
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(render.artifacts.isEmpty && !render.hasErrors)
        #expect(render.diagnostics.map(\.code) == [.stageDisabled])
        let driver = RecordingDriver()
        let previous = stage.render(try StageFixtures.example(), settings: StageSettings()).applied
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: previous))
        #expect(!report.changedAnything)
        #expect(await driver.operations.isEmpty)
    }

    @Test func invalidUpstreamServerIsAnError() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            root["dns_server"] = ["enabled": true, "upstream_servers": ["1.1.1.1", "9.9.9.9\nserver=6.6.6.6"]]
        }
        let render = stage.render(snapshot, settings: StageSettings())
        let error = try #require(render.diagnostics.first { $0.severity == .error })
        #expect(error.pointer?.description == "/dns_server/upstream_servers/1")
        #expect(!String(decoding: render.artifacts[0].contents, as: UTF8.self).contains("6.6.6.6"))
    }

    @Test func applyChecksWritesRestartsOnceThenNothing() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        let first = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(first.written.map(\.path) == ["/etc/dnsmasq.conf", "/etc/dnsmasq.d/00-phoenix-internal.conf", "/etc/resolv.conf"])
        #expect(first.actions == [["systemctl", "restart", "dnsmasq"]])
        let commands = await driver.commands()
        #expect(commands == [["dnsmasq", "--test", "--conf-file=/etc/dnsmasq.conf.phoenix-check"], ["systemctl", "restart", "dnsmasq"]])
        #expect(await driver.file("/etc/dnsmasq.conf.phoenix-check", at: .host) == nil, "the check file is removed")
        #expect(await driver.file("/etc/dnsmasq.d/00-phoenix-internal.conf", at: .host) == render.artifacts[1].contents)

        await driver.resetRecording()
        let second = try await stage.apply(
            render, context: StageFixtures.context(driver, snapshot: snapshot, previous: render.applied))
        #expect(!second.changedAnything)
        #expect(await driver.mutationCount == 0)
    }

    @Test func onlyResolvConfChangedMeansNoCheckAndNoRestart() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        for artifact in render.artifacts { await driver.setFile(artifact.path, contents: artifact.contents, at: .host) }
        await driver.setFile("/etc/resolv.conf", contents: Data("nameserver 8.8.8.8\n".utf8), at: .host)
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(report.written.map(\.path) == ["/etc/resolv.conf"])
        #expect(report.actions.isEmpty)
        #expect(await driver.runCount == 0)
    }

    @Test func failedCheckLeavesTheLiveFilesAlone() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        let old = Data("# old\n".utf8)
        await driver.setFile("/etc/dnsmasq.conf", contents: old, at: .host)
        await driver.answer(["dnsmasq", "--test"], with: CommandResult(exitCode: 1, stdout: "", stderr: "dnsmasq: bad option at line 3"))
        await #expect {
            _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        } throws: { error in
            guard case StageError.validationFailed(_, let tool, let output) = error else { return false }
            return tool == "dnsmasq --test" && output.contains("bad option")
        }
        #expect(await driver.file("/etc/dnsmasq.conf", at: .host) == old)
        #expect(await driver.file("/etc/dnsmasq.d/00-phoenix-internal.conf", at: .host) == nil)
        #expect(await driver.file("/etc/dnsmasq.conf.phoenix-check", at: .host) == nil)
        #expect(await !driver.commands().contains(["systemctl", "restart", "dnsmasq"]))
    }

    @Test func switchingResolvConfOffLeavesTheFile() async throws {
        let snapshot = try StageFixtures.example()
        let managed = stage.render(snapshot, settings: StageSettings())
        var settings = StageSettings()
        settings.manageResolvConf = false
        let render = stage.render(snapshot, settings: settings)
        #expect(render.artifacts.count == 2)
        let driver = RecordingDriver()
        for artifact in managed.artifacts { await driver.setFile(artifact.path, contents: artifact.contents, at: .host) }
        let report = try await stage.apply(
            render, context: StageFixtures.context(driver, snapshot: snapshot, settings: settings, previous: managed.applied))
        #expect(!report.changedAnything)
        #expect(await driver.file("/etc/resolv.conf", at: .host) != nil)
    }

    // MARK: Real dnsmasq

    /// The rendered files, laid out as on the host (records in a dnsmasq.d folder), pass the real
    /// `dnsmasq --test`; a broken records line fails it.
    @Test func realDnsmasqAcceptsTheRenderedConfiguration() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages")
        defer { scratch.remove() }
        for fixture in [try StageFixtures.example()] + (StageFixtures.corpusIsAvailable ? [try StageFixtures.corpus()] : []) {
            let render = stage.render(fixture, settings: StageSettings())
            let records = try scratch.write("d/00-phoenix-internal.conf", String(decoding: render.artifacts[1].contents, as: UTF8.self))
            let main = String(decoding: render.artifacts[0].contents, as: UTF8.self)
                .replacingOccurrences(of: "conf-dir=/etc/dnsmasq.d,*.conf", with: "conf-dir=\(scratch.path)/d,*.conf")
            let conf = try scratch.write("dnsmasq.conf", main)
            let result = try await RealTools.run(try RealTools.unprivileged(["dnsmasq", "--test", "--conf-file=\(conf)"]))
            #expect(result.succeeded, "\(result.stderrText)")
            #expect(result.stderrText.contains("syntax check OK"))
            try Data("address=/broken.test/10.0.0.300\n".utf8).write(to: URL(fileURLWithPath: records), options: .atomic)
            let broken = try await RealTools.run(try RealTools.unprivileged(["dnsmasq", "--test", "--conf-file=\(conf)"]))
            #expect(!broken.succeeded)
        }
    }

    /// The local driver runs the real `dnsmasq --test` on the candidate: a good render is written and
    /// the restart journalled; a broken one is refused and nothing live changes.
    @Test func localDriverChecksWithTheRealDnsmasq() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(report.actions == [["systemctl", "restart", "dnsmasq"]])
        let journal = try driver.journal()
        #expect(journal.map(\.argv.first) == ["dnsmasq", "systemctl"])
        #expect(journal.first?.executed == true && journal.first?.exitCode == 0)
        #expect(FileManager.default.contents(atPath: scratch.path + "/target/etc/dnsmasq.conf") == render.artifacts[0].contents)

        var broken = render
        broken.artifacts[1].contents = Data("address=/x.lab.phoenix.test/not-an-address\n".utf8)
        await #expect {
            _ = try await stage.apply(broken, context: StageFixtures.context(driver, snapshot: snapshot))
        } throws: { error in
            guard case StageError.validationFailed(_, _, let output) = error else { return false }
            return output.contains("Bad address")
        }
        #expect(
            FileManager.default.contents(atPath: scratch.path + "/target/etc/dnsmasq.d/00-phoenix-internal.conf")
                == render.artifacts[1].contents)
    }

    /// A real dnsmasq, started unprivileged on a free loopback port from the rendered records,
    /// answers the guests' names with the rendered addresses.
    @Test func realDnsmasqAnswersTheRenderedRecords() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages")
        defer { scratch.remove() }
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        let records = try scratch.write("records.conf", String(decoding: render.artifacts[1].contents, as: UTF8.self))
        let port = try RealTools.freePort()
        let conf = try scratch.write(
            "test.conf",
            """
            port=\(port)
            listen-address=127.0.0.1
            bind-interfaces
            no-resolv
            no-hosts
            pid-file=
            local=/lab.phoenix.test/
            conf-file=\(records)

            """)
        let argv = try RealTools.unprivileged(["dnsmasq", "--no-daemon", "--conf-file=\(conf)"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { RealTools.stop(process) }
        let dig = try #require(RealTools.path("dig"), "dig is not installed (dnsutils)")
        func ask(_ name: String) async throws -> String {
            let result = try await RealTools.run([dig, "@127.0.0.1", "-p", "\(port)", "+short", "+time=1", "+tries=1", name])
            return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // Wait until it answers (bounded polling; the assertions do not depend on timing).
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? await ask("notes.lab.phoenix.test")) == "10.20.0.10"
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ready, "dnsmasq did not answer on port \(port)")
        #expect(try await ask("notes-app.lab.phoenix.test") == "10.20.0.20")
        #expect(try await ask("lab-ca.lab.phoenix.test") == "10.20.0.30")
        #expect(try await ask("worker1-agent.lab.phoenix.test") == "10.20.0.20")
        #expect(try await ask("unknown.lab.phoenix.test") == "")
    }
}
