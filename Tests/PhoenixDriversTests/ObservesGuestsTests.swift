import Foundation
import PhoenixTesting
import PhoenixDrivers
import Testing

/// `HostDriver.observesGuests`: whether command answers reflect the real state (ADR 0005).
@Suite struct ObservesGuestsTests {
    @Test func onlyTheJournallingDriversSayTheyDoNotObserve() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-observes")
        defer { scratch.remove() }
        let local = LocalDriver(root: scratch.path + "/target")
        #expect(local.observesGuests == false)
        // Through the protocol too (a requirement, not an extension default that would shadow it).
        let erased: any HostDriver = local
        #expect(erased.observesGuests == false)
        #expect((ProxmoxDriver() as any HostDriver).observesGuests)
        #expect(RecordingDriver().observesGuests)
        #expect(RecordingDriver(observesGuests: false).observesGuests == false)
        // The reason it is false: a probe is journalled and answered with success and no output.
        let answer = try await local.run(["docker", "info", "--format", "{{.Swarm.LocalNodeState}}"], at: .vm(310))
        #expect(answer.succeeded && answer.stdout.isEmpty)
        #expect(try local.journal().map(\.executed) == [false])
    }
}
