import Foundation
import PhoenixTesting
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

/// `openssl` as the certificate factory and independent reader of the certificates tests.
enum OpenSSL {
    private static let runner = CommandRunner()

    /// A self-signed EC certificate: `sans` in openssl syntax (`DNS:x`, `IP:1.2.3.4`).
    static func makeCertificate(cn: String, sans: [String], days: Int, cert: String, key: String) async throws {
        var argv = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
            "-out", cert, "-subj", "/CN=\(cn)", "-days", String(days),
        ]
        if !sans.isEmpty { argv += ["-addext", "subjectAltName=" + sans.joined(separator: ",")] }
        let result = try await runner.run(argv, timeout: .seconds(30))
        guard result.succeeded else { throw FixtureError("openssl req failed: \(result.stderrText)") }
    }

    /// `openssl x509 -noout -enddate -ext subjectAltName`, parsed.
    static func inspect(_ cert: String) async throws -> (notAfter: Date, dns: [String], ip: [String]) {
        let result = try await runner.run(
            ["openssl", "x509", "-in", cert, "-noout", "-enddate", "-ext", "subjectAltName"], timeout: .seconds(30))
        guard result.succeeded else { throw FixtureError("openssl x509 failed: \(result.stderrText)") }
        var notAfter: Date?
        var dns: [String] = []
        var ip: [String] = []
        for line in result.stdoutText.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("notAfter=") {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "MMM d HH:mm:ss yyyy zzz"
                let text = line.dropFirst("notAfter=".count).split(separator: " ", omittingEmptySubsequences: true)
                    .joined(separator: " ")
                notAfter = formatter.date(from: text)
            }
            for part in line.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if part.hasPrefix("DNS:") { dns.append(String(part.dropFirst(4))) }
                if part.hasPrefix("IP Address:") { ip.append(String(part.dropFirst("IP Address:".count))) }
            }
        }
        guard let notAfter else { throw FixtureError("no notAfter in: \(result.stdoutText)") }
        return (notAfter, dns, ip)
    }
}

/// A local target whose driver really runs the issuer: a stand-in `step` in the test's own bin folder
/// that writes a 2-day certificate with openssl for the CN and SANs it is given. Hooks are journalled
/// by the local driver (not run), so the journal shows exactly which ones the stage ran.
struct IssuerBed {
    let scratch: ScratchDirectory
    let driver: LocalDriver
    var settings = IssuerBed.defaultSettings

    /// The bed's certificates live under `/pki`, and its hooks (`echo reload <name>`) are allowed.
    static var defaultSettings: StageSettings {
        var settings = StageSettings()
        settings.certificateRoots = ["/pki"]
        settings.allowedPostRenewalCommands = ["echo reload *"]
        return settings
    }

    static let step = """
        #!/bin/sh
        # Stand-in for `step ca certificate CN CERT KEY [--san X]... [--not-after D] [--force]`.
        set -eu
        [ "$1" = ca ] && [ "$2" = certificate ] || { echo "unsupported: $*" >&2; exit 2; }
        cn=$3; cert=$4; key=$5; shift 5
        sans=""
        while [ $# -gt 0 ]; do
          case "$1" in
            --san) shift
              case "$1" in
                *:*|[0-9]*.[0-9]*.[0-9]*.[0-9]*) entry="IP:$1" ;;
                *) entry="DNS:$1" ;;
              esac
              sans="${sans:+$sans,}$entry" ;;
            --not-after) shift ;;
          esac
          shift
        done
        mkdir -p "$(dirname "$cert")" "$(dirname "$key")"
        if [ -n "$sans" ]; then
          openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$key" -out "$cert" \\
            -subj "/CN=$cn" -days 2 -addext "subjectAltName=$sans" 2>/dev/null
        else
          openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$key" -out "$cert" \\
            -subj "/CN=$cn" -days 2 2>/dev/null
        fi
        """

    init() async throws {
        scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
        try scratch.writeExecutable("bin/step", Self.step)
        driver = LocalDriver(
            root: scratch.path + "/target",
            runner: CommandRunner(searchPath: scratch.path + "/bin:" + CommandRunner.defaultSearchPath),
            checks: [LocalCheck(executable: "step", requiredArgument: "certificate")])
    }

    func remove() { scratch.remove() }

    /// Host path of `<name>.crt` / `<name>.key`.
    static func hostPath(_ name: String, _ suffix: String) -> String { "/pki/\(name)/\(name).\(suffix)" }

    /// Puts a certificate for `<name>.lab.test` at its host path in the target.
    func makeHostCertificate(_ name: String, sans: [String], days: Int) async throws {
        let folder = driver.root + "/pki/\(name)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await OpenSSL.makeCertificate(
            cn: "\(name).lab.test", sans: sans, days: days, cert: folder + "/\(name).crt", key: folder + "/\(name).key")
    }

    /// A snapshot whose manifest has one entry per (name, SANs), mode 640, hook `echo reload <name>`.
    func snapshot(entries: [(String, [String])], hooks: [String: String] = [:]) throws -> ConfigSnapshot {
        let manifest = entries.map { name, sans in
            let sanList = sans.map { "\"\($0)\"" }.joined(separator: ", ")
            let hook = hooks[name] ?? "echo reload \(name)"
            return """
                {"common_name": "\(name).lab.test", "sans": [\(sanList)], "cert_path": "\(Self.hostPath(name, "crt"))",
                 "key_path": "\(Self.hostPath(name, "key"))", "permissions": "640", "post_renewal_command": "\(hook)"}
                """
        }
        return try StagesBFixtures.snapshot(certificates: "[" + manifest.joined(separator: ",\n") + "]")
    }

    func context(
        _ snapshot: ConfigSnapshot, now: Date, previous: [AppliedArtifact] = [], settings: StageSettings? = nil
    ) -> StageContext {
        StagesBFixtures.context(driver, snapshot, settings: settings ?? self.settings, previous: previous, now: now)
    }

    /// Names whose certificate the issuer was asked for, in order.
    func issued() -> [String] {
        ((try? driver.journal()) ?? []).filter { $0.argv.first == "step" }.map {
            String($0.argv[3].dropLast(".lab.test".count))
        }
    }

    /// The hooks run (`echo reload <name>` → `reload <name>`), in order.
    func hooks() -> [String] {
        ((try? driver.journal()) ?? []).filter { $0.argv.first == "sh" }.map {
            $0.argv[2].replacingOccurrences(of: "echo ", with: "")
        }
    }

    /// A host file of the target.
    func hostFile(_ file: String) -> Data? {
        let name = (file as NSString).deletingPathExtension
        return FileManager.default.contents(atPath: driver.root + "/pki/\(name)/\(file)")
    }

    /// Modes the `chmod` the stage journalled would set (the local driver does not run chmod).
    func modes(_ name: String) -> [Int] {
        ((try? driver.journal()) ?? []).filter { $0.argv.first == "chmod" && $0.argv.contains(Self.hostPath(name, "crt")) }
            .flatMap { entry in entry.argv.dropFirst(2).map { _ in Int(entry.argv[1], radix: 8) ?? -1 } }
    }
}
