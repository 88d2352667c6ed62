import Foundation
import PhoenixDrivers
import Testing

@Suite struct CommandRunnerTests {
    let runner = CommandRunner(searchPath: CommandRunner.defaultSearchPath)

    @Test func capturesStdoutStderrAndExitCode() async throws {
        let result = try await runner.run(["sh", "-c", "printf out; printf err >&2; exit 3"])
        #expect(result.exitCode == 3)
        #expect(result.stdoutText == "out")
        #expect(result.stderrText == "err")
        #expect(!result.succeeded)
        #expect(result.terminationSignal == nil)
    }

    @Test func feedsLargeStdinWithoutDeadlock() async throws {
        // Larger than any pipe buffer in both directions: the pump must write and read concurrently.
        let input = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let result = try await runner.run(["cat"], stdin: input)
        #expect(result.succeeded)
        #expect(result.stdout == input)
    }

    @Test func passesEnvironmentAndWorkingDirectory() async throws {
        let scratch = try TestScratch("runner")
        defer { scratch.remove() }
        let result = try await runner.run(
            ["sh", "-c", #"printf '%s|' "$PHOENIX_TEST_VALUE"; pwd"#], environment: ["PHOENIX_TEST_VALUE": "a b"],
            workingDirectory: scratch.path)
        let resolved = URL(fileURLWithPath: scratch.path).resolvingSymlinksInPath().path
        #expect(result.stdoutText == "a b|\(resolved)\n")
    }

    @Test func childPathIsTheRunnersSearchPath() async throws {
        let scratch = try TestScratch("runner")
        defer { scratch.remove() }
        let own = CommandRunner(searchPath: scratch.path + ":" + CommandRunner.defaultSearchPath)
        let result = try await own.run(["sh", "-c", #"printf %s "$PATH""#])
        #expect(result.stdoutText == scratch.path + ":" + CommandRunner.defaultSearchPath)
    }

    @Test func reportsASignal() async throws {
        let result = try await runner.run(["sh", "-c", "kill -TERM $$"])
        #expect(result.terminationSignal == SIGTERM)
        #expect(result.exitCode == 128 + SIGTERM)
        #expect(!result.succeeded)
    }

    @Test func findsExecutablesOnlyOnItsOwnSearchPath() async throws {
        let scratch = try TestScratch("runner")
        defer { scratch.remove() }
        let empty = CommandRunner(searchPath: scratch.path)
        #expect(empty.resolveExecutable("sh") == nil)
        await #expect(throws: CommandError.executableNotFound(name: "pct", searchPath: scratch.path)) {
            try await empty.run(["pct", "status", "101"])
        }
        // A file that is not executable does not count.
        try scratch.write("pct", "#!/bin/sh\n")
        #expect(empty.resolveExecutable("pct") == nil)
        #expect(runner.resolveExecutable("sh") != nil)
    }

    @Test func rejectsEmptyArgvAndNulBytes() async {
        await #expect(throws: CommandError.self) { try await runner.run([]) }
        await #expect(throws: CommandError.self) { try await runner.run(["echo", "a\u{0}b"]) }
    }

    @Test func timeoutKillsTheWholeProcessGroup() async throws {
        let quick = CommandRunner(searchPath: CommandRunner.defaultSearchPath, killGracePeriod: .milliseconds(200))
        let started = ContinuousClock.now
        // The background sleep holds stdout open: only a group kill lets the runner return.
        await #expect(throws: CommandError.timedOut(argv: ["sh", "-c", "sleep 30 & sleep 30"], seconds: 0.3)) {
            try await quick.run(["sh", "-c", "sleep 30 & sleep 30"], timeout: .milliseconds(300))
        }
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func timeoutErrorsAreRedacted() async throws {
        let quick = CommandRunner(searchPath: CommandRunner.defaultSearchPath, redactor: Redactor(secrets: ["topsecret"]))
        do {
            // "topsecret" becomes $0 of the script: an argument that must not show in the error.
            _ = try await quick.run(["sh", "-c", "sleep 30", "topsecret"], timeout: .milliseconds(100))
            Issue.record("expected a timeout")
        } catch let error as CommandError {
            #expect(!error.description.contains("topsecret"))
            #expect(error == .timedOut(argv: ["sh", "-c", "sleep 30", Redactor.placeholder], seconds: 0.1))
        }
    }

    @Test func cancellationKillsTheCommand() async throws {
        let task = Task { try await runner.run(["sleep", "30"]) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func manyConcurrentCommandsKeepTheirOwnOutput() async throws {
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<24 {
                group.addTask { (index, try await runner.run(["sh", "-c", "printf \(index)"]).stdoutText) }
            }
            for try await (index, text) in group {
                #expect(text == String(index))
            }
        }
    }
}
