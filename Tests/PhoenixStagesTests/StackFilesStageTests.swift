import Foundation
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

@Suite struct StackFilesStageTests {
    let stage = StackFilesStage()

    @Test func exampleMatchesGolden() throws {
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        #expect(!render.hasErrors)
        let problems = try Golden.mismatches(render, fixture: "example")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func corpusMatchesGolden() throws {
        guard StageFixtures.corpusIsAvailable else { return print("SKIPPED: corpus not found") }
        let render = stage.render(try StageFixtures.corpus(), settings: StageSettings())
        let problems = try Golden.mismatches(render, fixture: "corpus")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func oneArtifactPerFileWithMode0644() throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let expected = snapshot.stacks.flatMap { stack in stack.files.map { "/quickOS/portainer_stacks/\(stack.name)/\($0.relativePath)" } }
        #expect(render.artifacts.map(\.path) == expected.sorted())
        #expect(render.artifacts.contains { $0.path == "/quickOS/portainer_stacks/monitoring/configs/grafana.env" })
        // `*.env` files hold passwords: `stackSecretFileMode` (0600), issue #12.
        #expect(render.artifacts.allSatisfy { $0.mode == ($0.path.hasSuffix(".env") ? 0o600 : 0o644) && $0.location == .host && $0.kind == .file })
        let compose = try #require(snapshot.stack(named: "vector_db")?.composeBytes)
        #expect(render.artifacts.first { $0.path.hasSuffix("vector_db/docker-compose.yml") }?.contents == compose)
    }

    /// Only files this stage wrote before and no longer renders are removed: a leftover
    /// `docker-compose.tmp.yml` and anything else in the share stay.
    @Test func removesOnlyWhatItWrote() async throws {
        let snapshot = try StageFixtures.example()
        var previous = stage.render(snapshot, settings: StageSettings())
        previous.artifacts.append(
            Artifact(stage: .stackFiles, location: .host, path: "/quickOS/portainer_stacks/old_stack/docker-compose.yml", text: "x"))
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        for artifact in previous.artifacts { await driver.setFile(artifact.path, contents: artifact.contents, mode: 0o777, at: .host) }
        let foreign = "/quickOS/portainer_stacks/monitoring/docker-compose.tmp.yml"
        await driver.setFile(foreign, contents: Data("tmp".utf8), at: .host)
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: previous.applied))
        #expect(report.written.isEmpty)
        #expect(report.removed.map(\.path) == ["/quickOS/portainer_stacks/old_stack/docker-compose.yml"])
        #expect(await driver.file(foreign, at: .host) != nil)

        await driver.resetRecording()
        let again = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: render.applied))
        let mutations = await driver.mutationCount
        #expect(!again.changedAnything && mutations == 0)
    }

    /// The first apply (nothing applied before) writes every file once, so the 0777 the original left
    /// becomes 0644 even where the bytes are equal.
    @Test func firstApplyNormalizesModes() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        for artifact in render.artifacts { await driver.setFile(artifact.path, contents: artifact.contents, mode: 0o777, at: .host) }
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(report.written.count == render.artifacts.count)
        for artifact in render.artifacts {
            #expect(await driver.recordedFile(artifact.path, at: .host)?.mode == (artifact.path.hasSuffix(".env") ? 0o600 : 0o644))
        }
    }

    @Test func changedFileIsTheOnlyWrite() async throws {
        let before = try StageFixtures.example()
        let previous = stage.render(before, settings: StageSettings())
        var texts = try StageFixtures.exampleTexts()
        texts["stacks/monitoring/configs/grafana.env"] = (texts["stacks/monitoring/configs/grafana.env"] ?? "") + "GF_NEW=1\n"
        let after = try StageFixtures.load(InMemorySource(texts: texts))
        let render = stage.render(after, settings: StageSettings())
        let driver = RecordingDriver()
        for artifact in previous.artifacts { await driver.setFile(artifact.path, contents: artifact.contents, at: .host) }
        let report = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: after, previous: previous.applied))
        #expect(report.written.map(\.path) == ["/quickOS/portainer_stacks/monitoring/configs/grafana.env"])
        #expect(report.removed.isEmpty && report.actions.isEmpty)
    }

    @Test func inputsCoverEveryStackFile() {
        let rule = stage.inputs[0]
        #expect(rule.matches(stackPath: "monitoring/configs/grafana.env"))
        #expect(rule.matches(stackPath: "vector_db/docker-compose.yml"))
        #expect(rule.matches(stackPath: "vector_db"))
    }
}
