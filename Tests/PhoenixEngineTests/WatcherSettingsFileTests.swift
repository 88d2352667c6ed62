import Foundation
import PhoenixEngine
import PhoenixStages
import PhoenixTesting
import Testing

@Suite struct WatcherSettingsFileTests {
    private func load(_ json: String) throws -> WatcherSettings {
        let scratch = try ScratchDirectory()
        let file = scratch.url.appendingPathComponent("settings.json")
        try Data(json.utf8).write(to: file)
        return try WatcherSettings.load(from: file.path)
    }

    @Test func partialFileKeepsEveryOtherDefault() throws {
        let settings = try load(#"{"branch": "prod", "stages": {"environment": "staging"}}"#)
        #expect(settings.branch == "prod")
        #expect(settings.stages.environment == "staging")
        #expect(settings.stages.stacksShare == StageSettings().stacksShare)
        #expect(settings.statusBranch == "phoenix-status")
    }

    @Test func unknownKeysAreErrorsNamingTheKey() throws {
        #expect {
            _ = try load(#"{"brnch": "prod"}"#)
        } throws: { error in
            "\(error)".contains("unknown setting \"brnch\"")
        }
        #expect {
            _ = try load(#"{"stages": {"enviroment": "x"}}"#)
        } throws: { error in
            "\(error)".contains("stages.enviroment")
        }
    }

    @Test func wrongTypeNamesThePath() throws {
        #expect {
            _ = try load(#"{"stages": {"pruneRemovedStacks": "yes"}}"#)
        } throws: { error in
            "\(error)".contains("pruneRemovedStacks")
        }
    }
}
