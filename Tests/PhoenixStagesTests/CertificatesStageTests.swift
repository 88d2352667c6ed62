import Foundation
import PhoenixTesting
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

/// The certificates stage against real X.509 files made with `openssl req -x509`, a local driver that
/// really runs the issuer (a stand-in `step` that calls openssl), and a recording driver for pushes.
@Suite struct CertificatesStageTests {
    /// The tests' certificates live under `/pki`, and the operator of these tests allows every hook
    /// (issue #12: both are settings now; their defaults allow neither).
    static var settings: StageSettings {
        var settings = IssuerBed.defaultSettings
        settings.allowedPostRenewalCommands = ["*"]
        return settings
    }

    // MARK: - Certificate reader vs openssl

    @Test func readerAgreesWithOpenSSL() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        defer { scratch.remove() }
        let cert = scratch.path + "/c.crt"
        try await OpenSSL.makeCertificate(
            cn: "Reader.Lab.Test", sans: ["DNS:reader.lab.test", "DNS:*.Lab.Test", "IP:10.20.0.7", "IP:fd00:0::1"],
            days: 30, cert: cert, key: scratch.path + "/c.key")
        let summary = try CertificateSummary.parse(pem: try Data(contentsOf: URL(fileURLWithPath: cert)))
        // openssl is the independent peer: its enddate and SAN text must say the same thing.
        let peer = try await OpenSSL.inspect(cert)
        #expect(summary.notAfter == peer.notAfter)
        #expect(summary.commonName == "Reader.Lab.Test")
        #expect(summary.subjectAltNames.dns == peer.dns.map { $0.lowercased() }.sorted())
        #expect(summary.subjectAltNames.ip == ["10.20.0.7", "fd00::1"])
        #expect(Set(peer.ip.map { IPAddress(parsing: $0)?.description ?? $0 }) == Set(summary.subjectAltNames.ip))
        #expect(summary.notAfter.timeIntervalSince(summary.notBefore) == 30 * 86_400)
    }

    @Test func readerRejectsGarbageWithoutCrashing() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        defer { scratch.remove() }
        let cert = scratch.path + "/c.crt"
        try await OpenSSL.makeCertificate(cn: "x.test", sans: [], days: 1, cert: cert, key: scratch.path + "/c.key")
        let pem = try Data(contentsOf: URL(fileURLWithPath: cert))
        #expect(throws: CertificateParseError.notPEM) { try CertificateSummary.parse(pem: Data("hello".utf8)) }
        let text = String(decoding: pem, as: UTF8.self)
        let body = text.components(separatedBy: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: body))
        // Every truncation of a valid certificate is an error, never a crash or a wrong success.
        for length in stride(from: 0, to: der.count, by: 7) {
            #expect(throws: CertificateParseError.self) { try CertificateSummary.parse(der: Array(der.prefix(length))) }
        }
        #expect(try CertificateSummary.parse(der: Array(der)).commonName == "x.test")
    }

    @Test func sanSetsIgnoreOrderCaseAndAddressSpelling() {
        let manifest = SubjectAltNames(classifying: ["B.test", "fd00:0:0::1", "a.test", "10.0.0.1", "", "ops@Lab.test"])
        let certificate = SubjectAltNames(classifying: ["a.test", "b.test", "10.0.0.1", "fd00::1", "ops@lab.test"])
        #expect(manifest == certificate)
        #expect(manifest.dns == ["a.test", "b.test"])
        #expect(manifest.ip == ["10.0.0.1", "fd00::1"])
        #expect(manifest.removing("a.test").dns == ["b.test"])
    }

    // MARK: - Renewal on a local target with a real issuer

    @Test func renewsExactlyTheExpiringMismatchedAndMissingCertificates() async throws {
        let bed = try await IssuerBed()
        defer { bed.remove() }
        // The stage's clock is 23 hours ahead: the 1-day certificate then expires within one hour,
        // the 30-day one does not (issuing certificates with a fixed end time needs a CA; injecting
        // the time is what StageContext.now is for).
        let now = Date().addingTimeInterval(23 * 3600)
        try await bed.makeHostCertificate("valid", sans: ["DNS:valid.lab.test"], days: 30)
        try await bed.makeHostCertificate("expiring", sans: ["DNS:expiring.lab.test"], days: 1)
        try await bed.makeHostCertificate("mismatch", sans: ["DNS:old-name.lab.test"], days: 30)
        try await bed.makeHostCertificate(
            "withip", sans: ["DNS:withip.lab.test", "IP:10.20.0.50", "IP:fd00::1"], days: 30)
        let snapshot = try bed.snapshot(entries: [
            ("valid", ["valid.lab.test"]), ("expiring", ["expiring.lab.test"]), ("mismatch", ["new-name.lab.test"]),
            ("withip", ["withip.lab.test", "10.20.0.50", "fd00:0::1"]), ("missing", ["missing.lab.test"]),
        ])
        let stage = CertificatesStage()
        let render = stage.render(snapshot, settings: Self.settings)
        #expect(!render.hasErrors)

        let first = try await stage.apply(render, context: bed.context(snapshot, now: now))
        #expect(bed.issued() == ["expiring", "mismatch", "missing"])
        #expect(bed.hooks() == ["reload expiring", "reload mismatch", "reload missing"])
        #expect(first.notes.count == 3)
        #expect(first.notes.contains { $0.contains("mismatch") && $0.contains("SANs are DNS:old-name.lab.test") })
        let renewed = try CertificateSummary.parse(pem: try #require(bed.hostFile("mismatch.crt")))
        #expect(renewed.subjectAltNames.dns == ["new-name.lab.test"])
        #expect(bed.modes("missing") == [0o640, 0o640])

        let journalBefore = try bed.driver.journal().count
        let second = try await stage.apply(render, context: bed.context(snapshot, now: now, previous: render.applied))
        #expect(second.actions.isEmpty)
        #expect(!second.changedAnything)
        #expect(try bed.driver.journal().count == journalBefore)
    }

    @Test func aChangedEntryIsRenewedEvenWhenItsCertificateIsFine() async throws {
        let bed = try await IssuerBed()
        defer { bed.remove() }
        try await bed.makeHostCertificate("one", sans: ["DNS:one.lab.test"], days: 30)
        try await bed.makeHostCertificate("two", sans: ["DNS:two.lab.test"], days: 30)
        let snapshot = try bed.snapshot(entries: [("one", ["one.lab.test"]), ("two", ["two.lab.test"])])
        let stage = CertificatesStage()
        let render = stage.render(snapshot, settings: Self.settings)
        // Last time, entry "two" was applied with another intent (e.g. another post_renewal_command).
        var previous = render.applied
        previous[1].digest = String(repeating: "0", count: 64)
        let report = try await stage.apply(render, context: bed.context(snapshot, now: Date(), previous: previous))
        #expect(bed.issued() == ["two"])
        #expect(report.notes == ["renewed two.lab.test: manifest entry changed since it was last applied"])
    }

    @Test func anIssuerThatCannotSatisfyTheWindowFailsInsteadOfLooping() async throws {
        let bed = try await IssuerBed()
        defer { bed.remove() }
        let snapshot = try bed.snapshot(entries: [("short", ["short.lab.test"])])
        var settings = Self.settings
        settings.certificateIssuer = bed.settings.certificateIssuer
        settings.certificateRenewBefore = 3 * 86_400  // longer than the 2-day certificates the stand-in issues
        let stage = CertificatesStage()
        let render = stage.render(snapshot, settings: settings)
        await #expect {
            try await stage.apply(render, context: bed.context(snapshot, now: Date(), settings: settings))
        } throws: { error in
            "\(error)".contains("still needs renewal") && "\(error)".contains("short.lab.test")
        }
        #expect(bed.hooks().isEmpty)
    }

    @Test func onTheLocalDriverAJournalledIssuerIsANoteAndTheNextApplyIssuesNothing() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")  // journals step, runs nothing
        let snapshot = try StagesBFixtures.snapshot(
            certificates: #"[{"common_name": "a.lab.test", "cert_path": "/pki/a.crt", "key_path": "/pki/a.key", "post_renewal_command": "echo a"}]"#)
        let stage = CertificatesStage()
        let render = stage.render(snapshot, settings: Self.settings)
        // Verification stays on: the missing certificate is explained, not a failure.
        let report = try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, settings: Self.settings))
        #expect(report.actions.map(\.first) == ["mkdir", "step", "sh"])
        #expect(report.notes.contains("local driver: issuer journalled, no certificate produced for a.lab.test (/pki/a.crt)"))
        #expect(try driver.journal().filter { $0.argv.first == "step" }.count == 1)

        // Unchanged since applied: the absent file is not a reason to ask again.
        let journalled = try driver.journal().count
        let again = try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, settings: Self.settings, previous: render.applied))
        #expect(!again.changedAnything)
        #expect(try driver.journal().count == journalled)

        // A real driver (observing) would find the file missing and fail the post-issue check.
        let observing = RecordingDriver()
        await #expect(throws: StageError.self) {
            try await stage.apply(render, context: StagesBFixtures.context(observing, snapshot, settings: Self.settings, previous: render.applied))
        }
    }

    // MARK: - Delivery and hooks (recording driver)

    @Test func pushesIntoAGuestThatDoesNotMountTheFolderAndOnlyWhenDifferent() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        defer { scratch.remove() }
        try await OpenSSL.makeCertificate(
            cn: "app.lab.test", sans: ["DNS:app.lab.test"], days: 30, cert: scratch.path + "/a.crt",
            key: scratch.path + "/a.key")
        let certBytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.crt"))
        let keyBytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.key"))
        let snapshot = try StagesBFixtures.snapshot(
            lxc: """
                {"lxc_configs": {
                  "240": {"name": "app", "mount_points": [{"host_path": "/srv/other", "container_path": "/data"}]},
                  "241": {"name": "mounted", "mount_points": [{"host_path": "/pki/241", "container_path": "/etc/ssl/app"}]}
                }}
                """,
            certificates: """
                [
                  {"common_name": "app.lab.test", "sans": ["app.lab.test"], "guest_id": 240, "guest_type": "lxc",
                   "cert_path": "/pki/240/app.crt", "key_path": "/pki/240/app.key", "owner": "root:ssl-cert", "permissions": "640"},
                  {"common_name": "app.lab.test", "sans": ["app.lab.test"], "guest_id": 241, "guest_type": "lxc",
                   "cert_path": "/pki/241/app.crt", "key_path": "/pki/241/app.key"}
                ]
                """)
        let driver = RecordingDriver(files: [
            .host: [
                "/pki/240/app.crt": certBytes, "/pki/240/app.key": keyBytes, "/pki/241/app.crt": certBytes,
                "/pki/241/app.key": keyBytes,
            ]
        ])
        let stage = CertificatesStage()
        let render = stage.render(snapshot, settings: Self.settings)
        #expect(!render.hasErrors)
        let report = try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, settings: Self.settings))
        #expect(report.actions.isEmpty)
        #expect(Set(report.written.map(\.description)) == ["lxc 240:/pki/240/app.crt", "lxc 240:/pki/240/app.key"])
        #expect(await driver.recordedFile("/pki/240/app.key", at: .lxc(240)) == RecordedFile(contents: keyBytes, mode: 0o640, owner: "root:ssl-cert"))
        #expect(await driver.files(at: .lxc(241)).isEmpty)  // it sees /pki/241 as /etc/ssl/app

        await driver.resetRecording()
        let again = try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, settings: Self.settings, previous: render.applied))
        #expect(!again.changedAnything)
        #expect(await driver.mutationCount == 0)
    }

    @Test func aFailedGuestCommandInAHookFailsTheStageButNotTheOtherEntries() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        defer { scratch.remove() }
        var hostFiles: [String: Data] = [:]
        for name in ["a", "b"] {
            try await OpenSSL.makeCertificate(
                cn: "\(name).lab.test", sans: ["DNS:\(name).lab.test"], days: 30, cert: scratch.path + "/\(name).crt",
                key: scratch.path + "/\(name).key")
            hostFiles["/pki/\(name).crt"] = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/\(name).crt"))
            hostFiles["/pki/\(name).key"] = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/\(name).key"))
        }
        let snapshot = try StagesBFixtures.snapshot(
            certificates: """
                [
                  {"common_name": "a.lab.test", "sans": ["a.lab.test"], "cert_path": "/pki/a.crt", "key_path": "/pki/a.key",
                   "post_renewal_command": "qm guest exec 320 -- docker restart portainer_agent"},
                  {"common_name": "b.lab.test", "sans": ["b.lab.test"], "cert_path": "/pki/b.crt", "key_path": "/pki/b.key",
                   "post_renewal_command": "pct exec 210 -- systemctl reload nginx"}
                ]
                """)
        let driver = RecordingDriver(files: [.host: hostFiles])
        // qm exits 0 and reports the guest command's failure only in its JSON answer.
        await driver.answer(
            ["sh", "-c", "qm guest exec 320 -- docker restart portainer_agent"],
            with: CommandResult(exitCode: 0, stdout: #"{"exitcode": 1, "exited": 1, "err-data": "no such container"}"#))
        let stage = CertificatesStage()
        let render = stage.render(snapshot, settings: Self.settings)
        // Both entries changed since last applied, so both are re-issued (the recording driver's issuer
        // leaves the valid files in place) and both hooks run.
        let previous = render.applied.map { AppliedArtifact(key: $0.key, digest: String(repeating: "0", count: 64)) }
        await #expect {
            try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, settings: Self.settings, previous: previous))
        } throws: { error in
            let text = "\(error)"
            return text.contains("1 of 2 certificate(s) failed") && text.contains("a.lab.test")
                && text.contains("exit code 1") && !text.contains("b.lab.test")
        }
        let hooks = await driver.commands().filter { $0.first == "sh" }.map { $0[2] }
        #expect(hooks == ["qm guest exec 320 -- docker restart portainer_agent", "pct exec 210 -- systemctl reload nginx"])
    }

    // MARK: - Render

    @Test func badEntriesAreErrorsWithTheirPointer() throws {
        let snapshot = try StagesBFixtures.snapshot(
            certificates: """
                [
                  {"common_name": "ok.lab.test", "cert_path": "/pki/ok.crt", "key_path": "/pki/ok.key"},
                  {"cert_path": "/pki/nocn.crt", "key_path": "/pki/nocn.key"},
                  {"common_name": "rel.lab.test", "cert_path": "pki/rel.crt", "key_path": "/pki/../rel.key"},
                  {"common_name": "-flag", "sans": ["--insecure"], "cert_path": "/pki/f.crt", "key_path": "/pki/f.key"},
                  {"common_name": "mode.lab.test", "cert_path": "/pki/m.crt", "key_path": "/pki/m.key", "permissions": "rw"},
                  {"common_name": "dup.lab.test", "cert_path": "/pki/ok.crt", "key_path": "/pki/dup.key"},
                  {"common_name": "ghost.lab.test", "cert_path": "/pki/g.crt", "key_path": "/pki/g.key", "guest_id": 999, "guest_type": "lxc"}
                ]
                """)
        let render = CertificatesStage().render(snapshot, settings: Self.settings)
        let errors = render.diagnostics.filter { $0.severity == .error }
        #expect(Set(errors.compactMap { $0.pointer?.description }) == ["/1", "/2", "/3", "/4", "/5"])
        #expect(errors.contains { $0.code == .duplicateCertificatePath && $0.message.contains("/pki/ok.crt") })
        #expect(errors.filter { $0.pointer?.description == "/2" }.count == 2)
        #expect(render.diagnostics.contains { $0.severity == .warning && $0.code == .unknownGuest && $0.pointer?.description == "/6/guest_id" })
        #expect(render.artifacts.map(\.path) == ["certificates/pki/ok.crt", "certificates/pki/g.crt"])
        #expect(errors.allSatisfy { $0.file == "config/certificate-manifest.json" && $0.line != nil })
    }

    @Test func issuerArgvKeepsEachValueOneArgument() throws {
        let snapshot = try StagesBFixtures.snapshot(
            certificates: """
                [{"common_name": "a.lab.test", "sans": ["10.0.0.1", "a.lab.test", "x.lab.test"],
                  "cert_path": "/pki/a b.crt", "key_path": "/pki/a;rm.key"}]
                """)
        let render = CertificatesStage().render(snapshot, settings: Self.settings)
        let intent = try DesiredStateCoding.decode(CertificateIntent.self, from: try #require(render.artifacts.first))
        let settings = Self.settings
        // No step_ca block: every Step-CA pair is dropped; the lifetime falls back to the setting.
        #expect(
            intent.issuerArgv(template: settings.certificateIssuer, defaultNotAfter: settings.certificateValidity) == [
                "step", "ca", "certificate", "a.lab.test", "/pki/a b.crt", "/pki/a;rm.key", "--not-after", "24h", "--force",
                "--san", "a.lab.test", "--san", "x.lab.test", "--san", "10.0.0.1",
            ])
    }

    @Test func stepCASettingsFillTheIssuerAndPairsWithoutAValueAreDropped() throws {
        let entry = #"[{"common_name": "a.lab.test", "cert_path": "/pki/a.crt", "key_path": "/pki/a.key"}]"#
        let full = try StagesBFixtures.snapshot(
            certificates: entry,
            hypervisor: """
                {"domain_name": "lab.test", "step_ca": {"ca_url": "https://ca.lab.test:9000", "provisioner_name": "admin@lab.test",
                 "provisioner_password_file": "/etc/phoenix/secrets/step pass", "root_ca_path": "/pki/root_ca.crt",
                 "certificate_validity": "48h", "renew_before": "8h", "dns_name": "ca.lab.test"}}
                """)
        let settings = Self.settings
        let render = CertificatesStage().render(full, settings: settings)
        #expect(render.diagnostics.isEmpty)
        let intent = try DesiredStateCoding.decode(CertificateIntent.self, from: try #require(render.artifacts.first))
        #expect(
            intent.issuerArgv(template: settings.certificateIssuer, defaultNotAfter: settings.certificateValidity) == [
                "step", "ca", "certificate", "a.lab.test", "/pki/a.crt", "/pki/a.key", "--ca-url", "https://ca.lab.test:9000",
                "--root", "/pki/root_ca.crt", "--provisioner", "admin@lab.test", "--provisioner-password-file",
                "/etc/phoenix/secrets/step pass", "--not-after", "48h", "--force",
            ])
        // renew_before becomes its own desired state, so changing it changes no entry (and re-issues nothing).
        let policy = try #require(render.artifacts.first { $0.path == CertificatesStage.policyName })
        #expect(try DesiredStateCoding.decode(RenewalPolicy.self, from: policy).renewBeforeSeconds == 8 * 3600)

        let partial = try StagesBFixtures.snapshot(
            certificates: entry,
            hypervisor: #"{"domain_name": "lab.test", "step_ca": {"provisioner_name": "admin@lab.test", "ca_url": ""}}"#)
        let partialRender = CertificatesStage().render(partial, settings: settings)
        #expect(!partialRender.artifacts.contains { $0.path == CertificatesStage.policyName })
        let partialIntent = try DesiredStateCoding.decode(CertificateIntent.self, from: try #require(partialRender.artifacts.first))
        #expect(
            partialIntent.issuerArgv(template: settings.certificateIssuer, defaultNotAfter: settings.certificateValidity) == [
                "step", "ca", "certificate", "a.lab.test", "/pki/a.crt", "/pki/a.key", "--provisioner", "admin@lab.test",
                "--not-after", "24h", "--force",
            ])
        // A self-contained `--opt={x}` goes alone; the option before it stays.
        #expect(
            partialIntent.issuerArgv(template: ["step", "--force", "--ca-url={ca_url}", "{cn}", "--root", "{root}"]) == [
                "step", "--force", "a.lab.test",
            ])
    }

    @Test func unusableStepCAValuesAreErrorsAtTheirKey() throws {
        let snapshot = try StagesBFixtures.snapshot(
            certificates: #"[{"common_name": "a.lab.test", "cert_path": "/pki/a.crt", "key_path": "/pki/a.key"}]"#,
            hypervisor: """
                {"domain_name": "lab.test",
                 "step_ca": {"ca_url": "--insecure", "renew_before": "eight hours"}}
                """)
        let render = CertificatesStage().render(snapshot, settings: Self.settings)
        let errors = render.diagnostics.filter { $0.severity == .error && $0.code == .invalidStepCASetting }
        #expect(Set(errors.compactMap { $0.pointer?.description }) == ["/step_ca/ca_url", "/step_ca/renew_before"])
        #expect(errors.allSatisfy { $0.file == "config/phoenix_hypervisor_config.json" && $0.line == 2 })
        #expect(StepDuration.seconds("1h30m") == 5400)
        #expect(StepDuration.seconds("1.5h") == 5400)
        #expect(StepDuration.seconds("90s") == 90)
        for bad in ["", "8", "h", "8d", "-8h", "8h-", "0s", ".5h", "5.h"] { #expect(StepDuration.seconds(bad) == nil, "\(bad)") }
    }

    @Test func renewBeforeFromTheConfigDecidesTheWindow() async throws {
        let bed = try await IssuerBed()
        defer { bed.remove() }
        try await bed.makeHostCertificate("soon", sans: ["DNS:soon.lab.test"], days: 2)
        let manifest = """
            [{"common_name": "soon.lab.test", "sans": ["soon.lab.test"], "cert_path": "\(IssuerBed.hostPath("soon", "crt"))",
              "key_path": "\(IssuerBed.hostPath("soon", "key"))"}]
            """
        // The certificate ends in 2 days: the 12 h default leaves it alone, a 72 h window renews it.
        for (window, expected) in [(nil, [String]()), ("72h", ["soon"])] as [(String?, [String])] {
            let block = window.map { #", "step_ca": {"renew_before": "\#($0)"}"# } ?? ""
            let snapshot = try StagesBFixtures.snapshot(
                certificates: manifest, hypervisor: #"{"domain_name": "lab.test"\#(block)}"#)
            var settings = Self.settings
            settings.certificateVerifyAfterIssue = false  // the stand-in issues 2-day certificates
            let stage = CertificatesStage()
            _ = try await stage.apply(
                stage.render(snapshot, settings: settings), context: bed.context(snapshot, now: Date(), settings: settings))
            #expect(bed.issued() == expected, "renew_before \(window ?? "unset")")
        }
    }
}
