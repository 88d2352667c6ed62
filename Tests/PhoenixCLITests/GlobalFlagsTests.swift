import Foundation
import PhoenixTesting
import Testing

/// `--version`, `--log-level`, `--log-format json`.
@Suite struct GlobalFlagsTests {
    @Test func versionFlagPrintsBothVersions() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-cli")
        let result = try Binary.run(["--version"], in: scratch.url)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("phoenix-gitops 0."), "\(result.stdout)")
        #expect(result.stdout.contains("(libgit2 1."))
    }

    @Test func jsonLogsAreOneObjectPerLineWithTheRun() throws {
        let fixture = try CLIFixture()
        let result = try Binary.run(
            ["apply", "--log-level", "info", "--log-format", "json"] + fixture.arguments(state: "state"),
            in: fixture.scratch.url)
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        var sawRun = false
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["message"] is String, "not a JSON log line: \(line)")
            #expect(object?["level"] is String)
            if object?.keys.contains(where: { $0.contains("run") }) == true { sawRun = true }
        }
        #expect(sawRun, "\(result.stderr)")
    }

    @Test func badLogOptionsAreUsageErrors() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-cli")
        let level = try Binary.run(["status", "--log-level", "loud", "--state-dir", scratch.path("s").path], in: scratch.url)
        #expect(level.status != 0)
        #expect(level.stderr.contains("--log-level must be"))
        let format = try Binary.run(["status", "--log-format", "xml", "--state-dir", scratch.path("s").path], in: scratch.url)
        #expect(format.stderr.contains("--log-format must be text or json"))
    }
}
