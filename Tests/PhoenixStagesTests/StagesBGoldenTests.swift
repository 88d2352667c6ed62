import Foundation
import PhoenixCore
import Testing

@testable import PhoenixStages

/// Golden renders of certificates, swarm, portainer and stack-deploy on the example and the corpus.
@Suite struct StagesBGoldenTests {
    static let stages: [any Stage] = [CertificatesStage(), SwarmStage(), PortainerStage(), StackDeployStage()]

    @Test(arguments: ["certificates", "swarm", "portainer", "stack-deploy"])
    func exampleRendersMatchGoldenFiles(stage: String) throws {
        let snapshot = try StagesBFixtures.example()
        let render = try #require(Self.stages.first { $0.id.rawValue == stage }).render(snapshot, settings: StageSettings())
        #expect(!render.hasErrors, "the example must render without errors: \(render.diagnostics.map(\.formatted))")
        try StagesBGolden.verify(render, fixture: "example")
    }

    @Test(arguments: ["certificates", "swarm", "portainer", "stack-deploy"])
    func corpusRendersMatchGoldenFiles(stage: String) throws {
        let snapshot = try StagesBFixtures.corpus()
        let render = try #require(Self.stages.first { $0.id.rawValue == stage }).render(snapshot, settings: StageSettings())
        try StagesBGolden.verify(render, fixture: "corpus")
    }

    @Test(arguments: ["certificates", "swarm", "portainer", "stack-deploy"])
    func renderIsDeterministic(stage: String) throws {
        let first = try StagesBFixtures.example()
        let second = try StagesBFixtures.example()
        let subject = try #require(Self.stages.first { $0.id.rawValue == stage })
        let one = subject.render(first, settings: StageSettings())
        let two = subject.render(second, settings: StageSettings())
        #expect(one.artifacts == two.artifacts)
        #expect(!one.artifacts.isEmpty)
    }
}
