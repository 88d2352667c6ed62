import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting

/// A config repository with one certificate entry (`web.lab.test` at `/pki/web/web.crt`), a local
/// target whose driver really runs the issuer (a stand-in `step` that makes a 2-day certificate with
/// openssl), a renewal window of 36 hours, and a clock at the real time (openssl certificates are
/// valid from now).
final class IssuerFixture {
    let engine: EngineFixture
    let clock = TestClock(Date())
    let commit: String
    static let certPath = "/pki/web/web.crt"

    /// `step ca certificate CN CERT KEY [--san X]... [--not-after D] [--force]`, made with openssl.
    static let step = """
        #!/bin/sh
        set -eu
        [ "$1" = ca ] && [ "$2" = certificate ] || { echo "unsupported: $*" >&2; exit 2; }
        cn=$3; cert=$4; key=$5; shift 5
        sans=""
        while [ $# -gt 0 ]; do
          case "$1" in
            --san) shift; sans="${sans:+$sans,}DNS:$1" ;;
            --not-after) shift ;;
          esac
          shift
        done
        mkdir -p "$(dirname "$cert")" "$(dirname "$key")"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$key" -out "$cert" \\
          -subj "/CN=$cn" -days 2 -addext "subjectAltName=$sans" 2>/dev/null
        """

    init() throws {
        engine = try EngineFixture()
        var files = TestConfig.files()
        files["config/certificate-manifest.json"] = """
            [{"common_name": "web.lab.test", "sans": ["web.lab.test"], "cert_path": "\(Self.certPath)",
              "key_path": "/pki/web/web.key", "post_renewal_command": "echo reload web"}]

            """
        commit = try engine.push(files, message: "one certificate")
        let bin = engine.scratch.path("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try Data(Self.step.utf8).write(to: bin.appendingPathComponent("step"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("step").path)
    }

    var settings: WatcherSettings {
        var settings = engine.settings()
        settings.stages.certificateRenewBefore = 36 * 3600
        settings.stages.certificateRoots = ["/pki"]
        settings.stages.allowedPostRenewalCommands = ["echo reload web"]
        return settings
    }

    /// The local driver over the target, running the stand-in issuer for real.
    var driver: LocalDriver {
        LocalDriver(
            root: settings.resolvedTargetRoot.path,
            runner: CommandRunner(searchPath: engine.scratch.path("bin").path + ":" + CommandRunner.defaultSearchPath),
            checks: [LocalCheck(executable: "step", requiredArgument: "certificate")])
    }

    func reconciler() -> Reconciler {
        var configuration = engine.configuration(settings: settings, catalogue: StageCatalogue([CertificatesStage()]))
        configuration.driver = driver
        let clock = clock
        configuration.now = { clock.now }
        return Reconciler(configuration)
    }

    /// The certificate's file in the target.
    var certificate: String { settings.resolvedTargetRoot.path + Self.certPath }

    /// The target's root folder.
    var root: String { settings.resolvedTargetRoot.path }

    /// Replaces the certificate with one that ends in `days` days (made with openssl, as by hand).
    func replaceCertificate(days: Int) async throws {
        try await Self.replaceCertificate(root: root, days: days)
    }

    /// ``replaceCertificate(days:)`` for the target at `root` (usable from a `@Sendable` closure).
    static func replaceCertificate(root: String, days: Int) async throws {
        let result = try await CommandRunner().run(
            [
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                root + "/pki/web/web.key", "-out", root + certPath, "-subj", "/CN=web.lab.test",
                "-days", String(days), "-addext", "subjectAltName=DNS:web.lab.test",
            ], timeout: .seconds(30))
        guard result.succeeded else { throw FixtureError("openssl failed: \(result.stderrText)") }
    }

    /// Whether openssl says the certificate still holds for `seconds` (`x509 -checkend`).
    func certificateHolds(for seconds: Int) async throws -> Bool {
        try await CommandRunner().run(
            ["openssl", "x509", "-in", certificate, "-noout", "-checkend", String(seconds)], timeout: .seconds(30)
        ).succeeded
    }

    /// Issuer calls and hooks journalled so far (`step …`, `sh -c …`).
    func journal() throws -> [[String]] {
        try driver.journal().map(\.argv).filter { $0.first == "step" || $0.first == "sh" }
    }
}
