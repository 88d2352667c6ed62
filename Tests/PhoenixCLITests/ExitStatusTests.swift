import Foundation
import PhoenixEngine
import PhoenixReconciler
import PhoenixTesting
import Testing

/// docs/exit-codes.md: the same mistake gives the same status and wording in every command.
@Suite struct ExitStatusTests {
    @Test func anUnknownStageIsOneUsageErrorEverywhere() throws {
        let fixture = try CLIFixture()
        let arguments = fixture.arguments(state: "state")
        let out = fixture.scratch.path("out").path
        var wordings: Set<String> = []
        for command in [["plan"], ["render", "--out", out], ["apply"], ["drift"]] {
            let result = try Binary.run(command + ["--stage", "nope"] + arguments, in: fixture.scratch.url)
            #expect(result.status == 64, "\(command[0]): \(result.status) \(result.stderr)")
            let line = result.stderr.split(separator: "\n").first { $0.contains("no such stage") }.map(String.init)
            #expect(line != nil, "\(command[0]): \(result.stderr)")
            wordings.insert(line ?? "")
        }
        #expect(wordings.count == 1, "\(wordings)")
        #expect(wordings.first?.contains("--stage: no such stage nope (stages: ") == true)
    }

    @Test func aBusyLockIs75InEveryCommandThatTakesIt() async throws {
        let fixture = try CLIFixture()
        let arguments = fixture.arguments(state: "state")
        #expect(try Binary.run(["apply", "--quiet"] + arguments, in: fixture.scratch.url).status == 0)
        let held = try await RunLock.acquire(in: fixture.stateDirectory("state"), timeout: .zero)
        defer { held.release() }
        // (`watch --once` waits for the lock as long as it takes, like the daemon's runs.)
        for command in ["apply", "drift", "suspend", "resume"] {
            let result = try Binary.run([command, "--lock-timeout", "200ms"] + arguments, in: fixture.scratch.url)
            #expect(result.status == 75, "\(command): \(result.status) \(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("another phoenix-gitops run (pid \(ProcessInfo.processInfo.processIdentifier)"), "\(command): \(result.stderr)")
        }
    }
}
