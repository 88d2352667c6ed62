import Foundation
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

/// Issue #12 at the stage level: roots come from the settings and cover every output; entries outside
/// them are render errors; a hook needs the operator's consent; stale removal needs this watcher's
/// own records and the bytes it recorded.
@Suite struct ConfinementStageTests {
    /// Every rendered file of every standard stage lies inside that stage's roots, so confinement
    /// never refuses the platform's own outputs (example and corpus, default settings).
    @Test func everyRenderedFileIsInsideItsStagesRoots() throws {
        var snapshots = [try StageFixtures.example()]
        if StageFixtures.corpusIsAvailable { snapshots.append(try StageFixtures.corpus()) }
        for snapshot in snapshots {
            for stage in StageCatalogue.standard.stages {
                let roots = stage.roots(StageSettings())
                for artifact in stage.render(snapshot, settings: StageSettings()).artifacts where artifact.kind == .file {
                    #expect(
                        roots.root(containing: artifact.path, at: artifact.location) != nil,
                        "\(stage.id): \(artifact.location):\(artifact.path) is outside \(roots)")
                }
            }
        }
    }

    /// The issuer's own host files from `step_ca` are confined too.
    @Test func stepCAFilesOutsideTheRootsAreRenderErrors() throws {
        let snapshot = try StagesBFixtures.snapshot(
            certificates: #"[{"common_name": "b.lab.test", "cert_path": "/quickOS/vm-persistent-data/1/b.crt", "key_path": "/quickOS/vm-persistent-data/1/b.key"}]"#,
            hypervisor: #"{"domain_name": "lab.test", "step_ca": {"root_ca_path": "/etc/shadow", "provisioner_password_file": "/root/.ssh/id_ed25519"}}"#)
        let render = CertificatesStage().render(snapshot, settings: StageSettings())
        let outside = render.diagnostics.filter { $0.code == .pathOutsideRoots }
        #expect(outside.map { $0.pointer?.description } == ["/step_ca/root_ca_path", "/step_ca/provisioner_password_file"])
        #expect(render.hasErrors)
    }

    @Test func certificatePathsOutsideTheRootsAreRenderErrors() throws {
        let snapshot = try StagesBFixtures.snapshot(
            certificates: """
                [{"common_name": "a.lab.test", "cert_path": "/etc/passwd", "key_path": "/etc/shadow"},
                 {"common_name": "b.lab.test", "cert_path": "/quickOS/vm-persistent-data/1/b.crt", "key_path": "/quickOS/vm-persistent-data/1/b.key"},
                 {"common_name": "c.lab.test", "cert_path": "/quickOS/vm-persistent-data", "key_path": "/quickOS/vm-persistent-data-x/c.key"}]
                """)
        let render = CertificatesStage().render(snapshot, settings: StageSettings())
        let outside = render.diagnostics.filter { $0.code == .pathOutsideRoots }
        #expect(outside.map { $0.pointer?.description } == ["/0/cert_path", "/0/key_path", "/2/cert_path", "/2/key_path"])
        #expect(outside.allSatisfy { $0.severity == .error && $0.line != nil })
        #expect(render.artifacts.count == 1)  // only b
        var settings = StageSettings()
        settings.certificateRoots = ["/etc"]
        #expect(CertificatesStage().render(snapshot, settings: settings).diagnostics.filter { $0.code == .pathOutsideRoots }.count == 4)
    }

    @Test func aSecretFileOutsideTheSecretRootsIsARenderError() throws {
        var files = try StagesBFixtures.exampleFiles()
        try StagesBFixtures.replace(
            &files, "config/phoenix_hypervisor_config.json", "/etc/phoenix/secrets/portainer_admin_password", "/etc/pve/priv/authkey.key")
        let snapshot = try StagesBFixtures.load(InMemorySource(files: files))
        let render = SwarmStage().render(snapshot, settings: StageSettings())
        let finding = try #require(render.diagnostics.first { $0.code == .pathOutsideRoots })
        #expect(finding.pointer?.description == "/portainer_api/admin_password_file")
        #expect(render.hasErrors)
    }

    /// The config names the CA root the host will trust: only from the certificate roots.
    @Test func aCARootOutsideTheRootsIsARenderError() throws {
        let outside = try StagesBFixtures.snapshot(
            hypervisor: #"{"domain_name": "lab.test", "step_ca": {"root_ca_path": "/etc/ssl/certs/evil.pem"}}"#)
        let render = TrustedCAStage().render(outside, settings: StageSettings())
        #expect(render.diagnostics.map(\.code) == [.pathOutsideRoots])
        #expect(render.diagnostics.first?.pointer?.description == "/step_ca/root_ca_path")
        let inside = try StagesBFixtures.snapshot(
            hypervisor: #"{"domain_name": "lab.test", "step_ca": {"root_ca_path": "/quickOS/lxc-persistent-data/103/ssl/root.crt"}}"#)
        #expect(!TrustedCAStage().render(inside, settings: StageSettings()).hasErrors)
    }

    @Test func hookConsentFollowsTheAllowListOrSignedCommits() async throws {
        let snapshot = try StagesBFixtures.snapshot(
            certificates: """
                [{"common_name": "a.lab.test", "cert_path": "/quickOS/vm-persistent-data/1/a.crt",
                  "key_path": "/quickOS/vm-persistent-data/1/a.key", "post_renewal_command": "pct exec 210 -- systemctl reload nginx"}]
                """)
        let render = CertificatesStage().render(snapshot, settings: StageSettings())
        for (allowList, consented, runs) in [
            ([String](), false, false), (["pct exec 210 -- systemctl reload *"], false, true),
            (["pct exec 2* -- true"], false, false), ([], true, true),
        ] {
            let driver = RecordingDriver()
            var settings = StageSettings()
            settings.allowedPostRenewalCommands = allowList
            settings.certificateVerifyAfterIssue = false
            let context = StageContext(
                driver: driver, settings: settings, snapshot: snapshot, commandsConsented: consented)
            let report = try await CertificatesStage().apply(render, context: context)
            let ran = await driver.commands().contains(["sh", "-c", "pct exec 210 -- systemctl reload nginx"])
            #expect(ran == runs, "\(allowList) consented=\(consented)")
            #expect(report.notes.contains { $0.contains("not run") } == !runs)
        }
    }

    @Test func allowListPatternsOnlyKnowTheStar() {
        #expect(RepositoryCommandConsent.allows("systemctl reload nginx", ["systemctl reload nginx"]))
        #expect(RepositoryCommandConsent.allows("  systemctl reload nginx\n", ["systemctl reload *"]))
        #expect(RepositoryCommandConsent.allows("qm guest exec 310 -- docker restart x", ["qm guest exec * -- docker restart *"]))
        #expect(!RepositoryCommandConsent.allows("systemctl reload nginx; curl x | sh", ["systemctl reload nginx"]))
        #expect(!RepositoryCommandConsent.allows("systemctl reload nginx", ["systemctl reload ?ginx"]))
        #expect(!RepositoryCommandConsent.allows("anything", []))
        #expect(RepositoryCommandConsent.allows("anything at all", ["*"]))
    }

    /// A stale file is removed only when the records are this watcher's own and the file still
    /// holds the recorded bytes (M6, and a file an operator changed since).
    @Test func staleRemovalNeedsOwnRecordsAndTheRecordedBytes() async throws {
        let stale = ArtifactKey(location: .host, path: "/etc/pve/firewall/900.fw")
        let changed = ArtifactKey(location: .host, path: "/etc/pve/firewall/901.fw")
        let driver = RecordingDriver()
        await driver.setFile(stale.path, contents: Data("ours\n".utf8), at: .host)
        await driver.setFile(changed.path, contents: Data("edited by hand\n".utf8), at: .host)
        let previous = [
            AppliedArtifact(key: stale, digest: Artifact.sha256(Data("ours\n".utf8))),
            AppliedArtifact(key: changed, digest: Artifact.sha256(Data("ours\n".utf8))),
        ]
        let snapshot = try StagesBFixtures.snapshot()
        let render = Render(stage: .firewall)
        let untrusted = StageContext(
            driver: driver, settings: StageSettings(), snapshot: snapshot, previous: previous, previousIsTrusted: false)
        #expect(try await ArtifactSync.sync(render, context: untrusted).removed.isEmpty)
        #expect(await driver.file(stale.path, at: .host) != nil)
        let trusted = StageContext(driver: driver, settings: StageSettings(), snapshot: snapshot, previous: previous)
        #expect(try await ArtifactSync.sync(render, context: trusted).removed == [stale])
        #expect(await driver.file(stale.path, at: .host) == nil)
        #expect(await driver.file(changed.path, at: .host) == Data("edited by hand\n".utf8))
    }

    @Test func stackFilesHoldingSecretsArePrivate() throws {
        let snapshot = try StageFixtures.example()
        let render = StackFilesStage().render(snapshot, settings: StageSettings())
        let env = try #require(render.artifacts.first { $0.path.hasSuffix("monitoring/configs/grafana.env") })
        #expect(env.mode == 0o600)
        #expect(render.artifacts.filter { !$0.path.hasSuffix(".env") }.allSatisfy { $0.mode == 0o644 })
        var settings = StageSettings()
        settings.stackSecretFileMode = 0o640
        #expect(StackFilesStage().render(snapshot, settings: settings).artifacts.first { $0.path == env.path }?.mode == 0o640)
    }
}
