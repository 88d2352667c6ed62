import Foundation
import PhoenixTesting
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
        let scratch = try ScratchDirectory(prefix: "phoenix-runner")
        defer { scratch.remove() }
        let result = try await runner.run(
            ["sh", "-c", #"printf '%s|' "$PHOENIX_TEST_VALUE"; pwd"#], environment: ["PHOENIX_TEST_VALUE": "a b"],
            workingDirectory: scratch.path)
        let resolved = URL(fileURLWithPath: scratch.path).resolvingSymlinksInPath().path
        #expect(result.stdoutText == "a b|\(resolved)\n")
    }

    @Test func childPathIsTheRunnersSearchPath() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-runner")
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
        let scratch = try ScratchDirectory(prefix: "phoenix-runner")
        defer { scratch.remove() }
        let empty = CommandRunner(searchPath: scratch.path)
        #expect(empty.resolveExecutable("sh") == nil)
        await #expect(throws: PhoenixDrivers.CommandError.executableNotFound(name: "pct", searchPath: scratch.path)) {
            try await empty.run(["pct", "status", "101"])
        }
        // A file that is not executable does not count.
        try scratch.write("pct", "#!/bin/sh\n")
        #expect(empty.resolveExecutable("pct") == nil)
        #expect(runner.resolveExecutable("sh") != nil)
    }

    @Test func rejectsEmptyArgvAndNulBytes() async {
        await #expect(throws: PhoenixDrivers.CommandError.self) { try await runner.run([]) }
        await #expect(throws: PhoenixDrivers.CommandError.self) { try await runner.run(["echo", "a\u{0}b"]) }
    }

    @Test func timeoutKillsTheWholeProcessGroup() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-runner")
        defer { scratch.remove() }
        let quick = CommandRunner(searchPath: CommandRunner.defaultSearchPath, killGracePeriod: .milliseconds(200))
        let pidFile = scratch.path + "/grandchild.pid"
        // A grandchild in the background (not holding stdout) and the shell replaced by a foreground
        // sleep: killing only the direct child would leave the grandchild alive. No timing is asserted
        // (a loaded CI machine makes elapsed times meaningless); whether the grandchild survived is.
        let script = "sleep 60 >/dev/null 2>&1 & echo $! > \"$0\"; exec sleep 60"
        await #expect(throws: PhoenixDrivers.CommandError.timedOut(argv: ["sh", "-c", script, pidFile], seconds: 0.3)) {
            try await quick.run(["sh", "-c", script, pidFile], timeout: .milliseconds(300))
        }
        let text = try #require(scratch.read("grandchild.pid"))
        let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await Self.isGone(pid), "the background grandchild \(pid) survived the timeout")
    }

    /// Whether `pid` has exited (gone, or a zombie nobody reaped yet), polling for a bounded while: the
    /// kill is asynchronous, but a process that was never signalled stays alive for its full 60 s.
    private static func isGone(_ pid: pid_t) async -> Bool {
        for _ in 0..<100 {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"),
                stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
            {
                return true
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test func timeoutErrorsAreRedacted() async throws {
        let quick = CommandRunner(searchPath: CommandRunner.defaultSearchPath, redactor: Redactor(secrets: ["topsecret"]))
        do {
            // "topsecret" becomes $0 of the script: an argument that must not show in the error.
            _ = try await quick.run(["sh", "-c", "sleep 30", "topsecret"], timeout: .milliseconds(100))
            Issue.record("expected a timeout")
        } catch let error as PhoenixDrivers.CommandError {
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
