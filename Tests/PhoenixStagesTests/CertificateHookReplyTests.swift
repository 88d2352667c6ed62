import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixTesting
import Testing

@testable import PhoenixStages

/// A `post_renewal_command` that goes through `qm guest exec`: qm exits 0 whatever happened in the
/// guest, so its JSON decides (qemu-server `qm.pm` guest exec).
@Suite struct CertificateHookReplyTests {
    /// `{"pid": N}` alone is qm's timeout answer; `signal` without `exitcode` a killed command. Both
    /// were counted as success before.
    @Test(arguments: [
        (#"{"pid": 4242}"#, "did not finish"),
        (#"{"exited": 1, "signal": 9}"#, "signal 9"),
        (#"{"exited": 0, "pid": 7}"#, "did not finish"),
        (#"{"exitcode": 2, "exited": 1}"#, "exit code 2"),
    ])
    func qmAnswersOtherThanSuccessFailTheHook(reply: String, expected: String) async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        defer { scratch.remove() }
        try await OpenSSL.makeCertificate(
            cn: "a.lab.test", sans: ["DNS:a.lab.test"], days: 30, cert: scratch.path + "/a.crt", key: scratch.path + "/a.key")
        let hostFiles = [
            "/pki/a.crt": try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.crt")),
            "/pki/a.key": try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.key")),
        ]
        let hook = "qm guest exec 320 -- docker restart portainer_agent"
        let snapshot = try StagesBFixtures.snapshot(
            certificates: """
                [{"common_name": "a.lab.test", "sans": ["a.lab.test"], "cert_path": "/pki/a.crt", "key_path": "/pki/a.key",
                  "post_renewal_command": "\(hook)"}]
                """)
        let driver = RecordingDriver(files: [.host: hostFiles])
        await driver.answer(["sh", "-c", hook], with: CommandResult(exitCode: 0, stdout: Data(reply.utf8)))
        let stage = CertificatesStage()
        let settings = Self.settings(allowing: hook)
        let render = stage.render(snapshot, settings: settings)
        let previous = render.applied.map { AppliedArtifact(key: $0.key, digest: String(repeating: "0", count: 64)) }
        await #expect {
            try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, settings: settings, previous: previous))
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    /// Output of a hook that is not qm's JSON (no `pid`, no `exited`) is not judged.
    @Test func otherJSONOutputIsNotQms() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        defer { scratch.remove() }
        try await OpenSSL.makeCertificate(
            cn: "a.lab.test", sans: ["DNS:a.lab.test"], days: 30, cert: scratch.path + "/a.crt", key: scratch.path + "/a.key")
        let hostFiles = [
            "/pki/a.crt": try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.crt")),
            "/pki/a.key": try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.key")),
        ]
        let snapshot = try StagesBFixtures.snapshot(
            certificates: """
                [{"common_name": "a.lab.test", "sans": ["a.lab.test"], "cert_path": "/pki/a.crt", "key_path": "/pki/a.key",
                  "post_renewal_command": "reload-thing"}]
                """)
        let driver = RecordingDriver(files: [.host: hostFiles])
        await driver.answer(["sh", "-c", "reload-thing"], with: CommandResult(exitCode: 0, stdout: Data(#"{"status": "ok"}"#.utf8)))
        let stage = CertificatesStage()
        let settings = Self.settings(allowing: "reload-thing")
        let render = stage.render(snapshot, settings: settings)
        let previous = render.applied.map { AppliedArtifact(key: $0.key, digest: String(repeating: "0", count: 64)) }
        _ = try await stage.apply(render, context: StagesBFixtures.context(driver, snapshot, settings: settings, previous: previous))
        // The hook ran (it is allowed), and its non-qm JSON answer was not judged.
        #expect(await driver.commands().contains(["sh", "-c", "reload-thing"]))
    }

    /// Certificates under `/pki` and the one hook allowed: the operator's consent (ADR 0017).
    static func settings(allowing hook: String) -> StageSettings {
        var settings = StageSettings()
        settings.certificateRoots = ["/pki"]
        settings.allowedPostRenewalCommands = [hook]
        return settings
    }
}
