import Foundation
import PhoenixTesting
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

@Suite struct NginxGatewayStageTests {
    let stage = NginxGatewayStage()

    private func texts(_ render: Render) -> (site: String, stream: String) {
        let settings = StageSettings()
        let site = render.artifacts.first { $0.path == settings.nginxSite }.map { String(decoding: $0.contents, as: UTF8.self) }
        let stream = render.artifacts.first { $0.path == settings.nginxStream }.map { String(decoding: $0.contents, as: UTF8.self) }
        return (site ?? "", stream ?? "")
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

    /// Upstream, names and certificate paths come from the config: roles, domain, the manifest
    /// entries of the gateway mapped through its mounts.
    @Test func exampleIsDerivedFromTheConfig() throws {
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        #expect(render.artifacts.map(\.location) == [.lxc(210), .lxc(210)])
        let (site, stream) = texts(render)
        #expect(site.contains("    server_name lab.phoenix.test *.lab.phoenix.test;\n"))
        #expect(site.contains("        proxy_pass https://10.20.0.20:443;\n"))
        #expect(site.contains("        proxy_pass http://10.20.0.20:80;\n"))
        #expect(site.contains("    ssl_certificate /etc/nginx/ssl/edge-gateway.lab.phoenix.test.crt;\n"))
        #expect(site.contains("    ssl_certificate_key /etc/nginx/ssl/edge-gateway.lab.phoenix.test.key;\n"))
        #expect(!site.contains("default_server"))
        #expect(stream.contains("        server 10.20.0.20:8443;\n"))
        #expect(stream.contains("        proxy_ssl_certificate /etc/nginx/ssl/edge-gateway-client.crt;\n"))
        #expect(stream.contains("        proxy_ssl_name traefik-mesh.lab.phoenix.test;\n"))
        // The CA root is not under a mount of 210: the documented default, reported as info.
        #expect(stream.contains("        ssl_client_certificate /etc/nginx/ssl/phoenix_root_ca.crt;\n"))
        #expect(render.diagnostics.map(\.severity) == [.info])
    }

    /// The corpus has no guest ids in its manifest: entries are matched by their paths under the
    /// gateway's mounts, and the CA root is visible through the mount of 103/ssl.
    @Test func corpusCertificatesComeFromTheMounts() throws {
        guard StageFixtures.corpusIsAvailable else { return print("SKIPPED: corpus not found") }
        let render = stage.render(try StageFixtures.corpus(), settings: StageSettings())
        let (site, stream) = texts(render)
        #expect(site.contains("ssl_certificate /etc/nginx/ssl/nginx.internal.thinkheads.ai.crt;"))
        #expect(site.contains("proxy_pass https://10.0.0.12:443;"))
        #expect(stream.contains("ssl_client_certificate /etc/step-ca/ssl/phoenix_root_ca.crt;"))
        #expect(stream.contains("proxy_ssl_name traefik.internal.thinkheads.ai;"))
        // No client certificate for the gateway in that manifest: the default is used and said so.
        #expect(stream.contains("proxy_ssl_certificate /etc/nginx/ssl/gateway-client.crt;"))
        #expect(render.diagnostics.contains { $0.message.contains("no client certificate") })
    }

    @Test func missingTraefikGuestIsAnError() throws {
        let snapshot = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            root["roles"] = ["gateway": 210, "ca": 230]
        }
        let render = stage.render(snapshot, settings: StageSettings())
        #expect(render.artifacts.isEmpty)
        // Issue #19 (this used to be an error): no Traefik guest yet, so no upstream: not applicable.
        #expect(!render.hasErrors)
        #expect(render.notApplicable?.contains("traefik role") == true)
    }

    @Test func unsafeCertificatePathIsAnError() throws {
        var files = try StageFixtures.exampleTexts()
        files["config/certificate-manifest.json"] = files["config/certificate-manifest.json"]?.replacingOccurrences(
            of: "210/ssl/edge-gateway.lab.phoenix.test.crt", with: "210/ssl/x.crt; include /etc/passwd")
        let render = stage.render(try StageFixtures.load(InMemorySource(texts: files)), settings: StageSettings())
        #expect(render.hasErrors)
        #expect(!texts(render).site.contains("/etc/passwd"))
    }

    // MARK: Real nginx

    /// The rendered site and stream files pass the real `nginx -t`, run unprivileged with its own
    /// prefix: wrapped in a main config (pid, logs, temp paths in the scratch folder, the stream
    /// module loaded), listen ports moved to free high ports, certificate paths pointed at a
    /// self-signed certificate. A broken directive makes it fail.
    @Test func realNginxAcceptsTheRenderedFiles() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages")
        defer { scratch.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: scratch.path)
        let cert = scratch.path + "/test.crt", key = scratch.path + "/test.key"
        try await OpenSSL.makeCertificate(cn: "gateway.test", sans: ["DNS:gateway.test"], days: 1, cert: cert, key: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let fixtures = [try StageFixtures.example()] + (StageFixtures.corpusIsAvailable ? [try StageFixtures.corpus()] : [])
        for (index, fixture) in fixtures.enumerated() {
            let (site, stream) = texts(stage.render(fixture, settings: StageSettings()))
            let ports = try (0..<3).map { _ in try RealTools.freePort() }
            let main = try NginxHarness.write(
                site: NginxHarness.localize(site, ports: ports, cert: cert, key: key),
                stream: NginxHarness.localize(stream, ports: ports, cert: cert, key: key),
                in: scratch, name: "run\(index)")
            let result = try await RealTools.run(try RealTools.unprivileged(["nginx", "-t", "-p", scratch.path + "/run\(index)", "-c", main]))
            #expect(result.succeeded, "\(result.stderrText)")
            #expect(result.stderrText.contains("test is successful"))

            let brokenSite = NginxHarness.localize(site, ports: ports, cert: cert, key: key)
                .replacingOccurrences(of: "proxy_ssl_verify off;", with: "proxy_ssl_verify maybe;")
            let broken = try NginxHarness.write(
                site: brokenSite, stream: NginxHarness.localize(stream, ports: ports, cert: cert, key: key),
                in: scratch, name: "broken\(index)")
            let failed = try await RealTools.run(try RealTools.unprivileged(["nginx", "-t", "-p", scratch.path + "/broken\(index)", "-c", broken]))
            #expect(!failed.succeeded)
            #expect(failed.stderrText.contains("proxy_ssl_verify"))
        }
    }

    // MARK: Apply

    @Test func applyWritesLinksTestsReloadsOnceThenNothing() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        let first = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(first.written.map(\.path) == ["/etc/nginx/sites-available/gateway", "/etc/nginx/stream.d/stream-gateway.conf"])
        #expect(await driver.commands(at: .lxc(210)) == [
            ["ln", "-sfn", "/etc/nginx/sites-available/gateway", "/etc/nginx/sites-enabled/gateway"],
            ["nginx", "-t"], ["systemctl", "reload", "nginx"],
        ])
        #expect(first.actions.last == ["systemctl", "reload", "nginx"])
        await driver.resetRecording()
        let second = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: render.applied))
        let mutations = await driver.mutationCount
        #expect(!second.changedAnything && mutations == 0)
    }

    @Test func onlyTheStreamChangedMeansNoRelink() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        await driver.setFile(render.artifacts[0].path, contents: render.artifacts[0].contents, at: .lxc(210))
        _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(await driver.commands(at: .lxc(210)) == [["nginx", "-t"], ["systemctl", "reload", "nginx"]])
    }

    @Test func failedNginxTestRestoresTheFilesAndUnlinksANewSite() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        let oldStream = Data("stream {}\n".utf8)
        await driver.setFile("/etc/nginx/stream.d/stream-gateway.conf", contents: oldStream, at: .lxc(210))
        await driver.answer(["nginx", "-t"], with: CommandResult(exitCode: 1, stdout: "", stderr: "nginx: [emerg] cannot load certificate"))
        await #expect {
            _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        } throws: { error in
            guard case StageError.validationFailed(_, let tool, let output) = error else { return false }
            return tool == "nginx -t" && output.contains("cannot load certificate")
        }
        #expect(await driver.file("/etc/nginx/stream.d/stream-gateway.conf", at: .lxc(210)) == oldStream)
        #expect(await driver.file("/etc/nginx/sites-available/gateway", at: .lxc(210)) == nil)
        let operations = await driver.operations.map(\.description)
        #expect(operations.contains("remove lxc 210 /etc/nginx/sites-enabled/gateway"))
        #expect(await !driver.commands().contains(["systemctl", "reload", "nginx"]))
    }

    /// On a driver that does not observe guests (the local driver) `nginx -t` would check this
    /// machine's nginx, so it is not run; the files are written and the reload journalled.
    @Test func unobservedGuestIsNotChecked() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver(observesGuests: false)
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(report.written.count == 2)
        #expect(await driver.commands(at: .lxc(210)) == [
            ["ln", "-sfn", "/etc/nginx/sites-available/gateway", "/etc/nginx/sites-enabled/gateway"], ["systemctl", "reload", "nginx"],
        ])
        #expect(report.notes.contains { $0.contains("nginx -t not run") })
    }

    @Test func stoppedGatewayIsNotReady() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver(guestStates: [.lxc(210): .stopped])
        await #expect {
            _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        } throws: { error in
            guard case StageError.guestNotReady = error else { return false }
            return true
        }
        #expect(await driver.mutationCount == 0)
    }
}

/// Wraps the gateway's files in a self-contained main config so `nginx -t` runs unprivileged
/// (swift-libgit2-notes §6).
enum NginxHarness {
    static let streamModule = "/usr/lib/nginx/modules/ngx_stream_module.so"

    /// Listen ports → free loopback ports (IPv6 listens dropped), every certificate path → the test's.
    static func localize(_ text: String, ports: [UInt16], cert: String, key: String) -> String {
        let certificateDirectives: Set<String> = ["ssl_certificate", "proxy_ssl_certificate", "ssl_client_certificate", "proxy_ssl_trusted_certificate"]
        let keyDirectives: Set<String> = ["ssl_certificate_key", "proxy_ssl_certificate_key"]
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let words = trimmed.split(separator: " ")
            guard let first = words.first.map(String.init) else {
                lines.append(String(line))
                continue
            }
            let indent = String(line.prefix { $0 == " " })
            if first == "listen" {
                if words[1].hasPrefix("[::]") { continue }
                let port = words[1].trimmingCharacters(in: CharacterSet(charactersIn: ";"))
                let local = ["80": ports[0], "443": ports[1]][port] ?? ports[2]
                let rest = words.dropFirst(2).joined(separator: " ")
                lines.append(indent + "listen 127.0.0.1:\(local)" + (rest.isEmpty ? ";" : " " + rest))
            } else if certificateDirectives.contains(first) {
                lines.append(indent + "\(first) \(cert);")
            } else if keyDirectives.contains(first) {
                lines.append(indent + "\(first) \(key);")
            } else {
                lines.append(String(line))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Writes `<name>/site.conf`, `<name>/stream.conf` and `<name>/main.conf`; returns the main path.
    static func write(site: String, stream: String, in scratch: ScratchDirectory, name: String) throws -> String {
        let base = scratch.path + "/" + name
        for folder in ["", "/tmp", "/logs"] {
            try FileManager.default.createDirectory(atPath: base + folder, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: base + folder)
        }
        try scratch.write("\(name)/site.conf", site)
        try scratch.write("\(name)/stream.conf", stream)
        let module = FileManager.default.fileExists(atPath: streamModule) ? "load_module \(streamModule);\n" : ""
        return try scratch.write(
            "\(name)/main.conf",
            """
            \(module)pid \(base)/tmp/nginx.pid;
            error_log \(base)/logs/error.log;
            events {}
            http {
                access_log \(base)/logs/access.log;
                client_body_temp_path \(base)/tmp/body;
                proxy_temp_path \(base)/tmp/proxy;
                fastcgi_temp_path \(base)/tmp/fastcgi;
                uwsgi_temp_path \(base)/tmp/uwsgi;
                scgi_temp_path \(base)/tmp/scgi;
                include \(base)/site.conf;
            }
            include \(base)/stream.conf;

            """)
    }
}
