import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

/// A settings file is read by the configuration's located JSON parser: a syntax error names the file,
/// line and column; a trailing comma is refused as the config validator refuses it.
@Suite struct SettingsSyntaxTests {
    private func error(_ json: String) throws -> String {
        let scratch = try ScratchDirectory()
        let file = scratch.url.appendingPathComponent("settings.json")
        try Data(json.utf8).write(to: file)
        do {
            _ = try WatcherSettings.load(from: file.path)
        } catch {
            return "\(error)".replacingOccurrences(of: file.path, with: "settings.json")
        }
        return ""
    }

    @Test func syntaxErrorNamesLineAndColumn() throws {
        let message = try error("{\n  \"branch\": \"main\"\n  \"interval\": \"30s\"\n}\n")
        #expect(message.hasPrefix("settings.json:3:3: error: "), "\(message)")
    }

    @Test func trailingCommaIsRefused() throws {
        let message = try error("{\n  \"branch\": \"main\",\n}\n")
        #expect(message.hasPrefix("settings.json:3:"), "\(message)")
        #expect(message.contains("error"))
    }

    @Test func duplicateKeyIsRefused() throws {
        let message = try error(#"{"branch": "a", "branch": "b"}"#)
        #expect(message.hasPrefix("settings.json:1:"), "\(message)")
    }

    @Test func aNonObjectSaysWhatIsExpected() throws {
        let message = try error("[1, 2]")
        #expect(message == "settings.json:1:1: error: the settings file must hold one JSON object ({...})")
    }
}
