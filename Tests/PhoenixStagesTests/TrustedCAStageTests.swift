import Foundation
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

@Suite struct TrustedCAStageTests {
    let stage = TrustedCAStage()
    let pem = Data("-----BEGIN CERTIFICATE-----\nMIIBroot\n-----END CERTIFICATE-----\n".utf8)

    @Test func exampleMatchesGolden() throws {
        let render = stage.render(try StageFixtures.example(), settings: StageSettings())
        #expect(!render.hasErrors)
        #expect(render.artifacts.map(\.kind) == [.desiredState])
        let problems = try Golden.mismatches(render, fixture: "example")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func corpusMatchesGolden() throws {
        guard StageFixtures.corpusIsAvailable else { return print("SKIPPED: corpus not found") }
        let render = stage.render(try StageFixtures.corpus(), settings: StageSettings())
        let problems = try Golden.mismatches(render, fixture: "corpus")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// `step_ca.root_ca_path` names the source when present; the setting otherwise.
    @Test func sourceComesFromStepCAOrTheSetting() throws {
        let example = TrustedCAStage.fields(of: try #require(stage.render(try StageFixtures.example(), settings: StageSettings()).artifacts.first))
        #expect(example["source"] == "/mnt/pve/quickOS/lxc-persistent-data/230/ssl/phoenix_root_ca.crt")
        #expect(example["destination"] == "/usr/local/share/ca-certificates/phoenix_internal_root_ca.crt")
        let without = try StageFixtures.example(editing: StageFixtures.hypervisorPath) { root in
            var stepCA = root["step_ca"] as? [String: Any] ?? [:]
            stepCA["root_ca_path"] = nil
            root["step_ca"] = stepCA
        }
        var settings = StageSettings()
        settings.caRootOnHost = "/srv/ca/root.crt"
        let fields = TrustedCAStage.fields(of: try #require(stage.render(without, settings: settings).artifacts.first))
        #expect(fields["source"] == "/srv/ca/root.crt")
    }

    @Test func installsOnlyWhenTheBytesDiffer() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let source = "/mnt/pve/quickOS/lxc-persistent-data/230/ssl/phoenix_root_ca.crt"
        let destination = "/usr/local/share/ca-certificates/phoenix_internal_root_ca.crt"
        let driver = RecordingDriver(files: [.host: [source: pem]])
        let first = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        #expect(first.written == [ArtifactKey(location: .host, path: destination)])
        #expect(first.actions == [["update-ca-certificates"]])
        #expect(await driver.file(destination, at: .host) == pem)
        #expect(await driver.recordedFile(destination, at: .host)?.mode == 0o644)

        await driver.resetRecording()
        let second = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: render.applied))
        let mutations = await driver.mutationCount
        #expect(!second.changedAnything && mutations == 0)

        // The CA was re-created: new bytes at the source are installed on the next run (drift).
        let renewed = Data("-----BEGIN CERTIFICATE-----\nMIIBnew\n-----END CERTIFICATE-----\n".utf8)
        await driver.setFile(source, contents: renewed, at: .host)
        let third = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot, previous: render.applied))
        #expect(third.actions == [["update-ca-certificates"]])
        #expect(await driver.file(destination, at: .host) == renewed)
    }

    @Test func missingOrBogusSourceIsAClearError() async throws {
        let snapshot = try StageFixtures.example()
        let render = stage.render(snapshot, settings: StageSettings())
        let driver = RecordingDriver()
        await #expect {
            _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        } throws: { error in
            guard case StageError.failed(_, let message) = error else { return false }
            return message.contains("does not exist on the host") && message.contains("230/ssl/phoenix_root_ca.crt")
        }
        await driver.setFile("/mnt/pve/quickOS/lxc-persistent-data/230/ssl/phoenix_root_ca.crt", contents: Data("garbage".utf8), at: .host)
        await #expect(throws: StageError.self) {
            _ = try await stage.apply(render, context: StageFixtures.context(driver, snapshot: snapshot))
        }
        #expect(await driver.mutationCount == 0)
    }
}
