import Foundation
import PhoenixEngine
import PhoenixReconciler
import PhoenixTesting
import Testing

/// The engine commands' contracts as a script sees them: exit statuses, messages, output formats.
@Suite struct CommandTests {
    @Test func statusWithoutStateSaysSoAndExitsOne() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-cli")
        let result = try Binary.run(["status", "--state-dir", scratch.path("nothing").path], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stdout.contains("no run has happened"))
    }

    @Test func applyStatusAndHistoryAgree() throws {
        let fixture = try CLIFixture(explicitTargetRoot: true)
        let apply = try Binary.run(["apply", "--format", "json"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        #expect(!apply.terminatedBySignal)
        let document = try #require(try JSONSerialization.jsonObject(with: apply.stdoutData) as? [String: Any])
        #expect(document["exit_code"] as? Int == Int(apply.status))
        let report = try #require(document["report"] as? [String: Any])
        let runID = try #require(document["run_id"] as? String)
        #expect(report["id"] as? String == runID)

        let status = try Binary.run(["status", "--format", "json"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        #expect(status.succeeded)
        let view = try #require(try JSONSerialization.jsonObject(with: status.stdoutData) as? [String: Any])
        let tip = try fixture.remoteGit.revParse("main")
        #expect(view["last_target"] as? String == tip)
        #expect(view["tracked_tip"] as? String == tip)
        let stages = try #require(view["stages"] as? [[String: Any]])
        #expect(stages.count == 10)
        #expect(stages.first { $0["stage"] as? String == "dns" }?["applied_commit"] as? String == tip)

        let text = try Binary.run(["status"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        #expect(text.stdout.contains("dns            \(tip.prefix(7))"))

        let history = try Binary.run(["history", "--limit", "5"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        #expect(history.succeeded)
        // A header, then one line per run with the commit's subject and author (issue #15).
        let lines = history.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("started ") == true)
        #expect(lines.last?.contains(runID) == true)
        #expect(lines.last?.contains(String(tip.prefix(7))) == true)
        let subject = try fixture.remoteGit.run("log", "-1", "--format=%s", "main").trimmingCharacters(in: .newlines)
        #expect(lines.last?.contains("\"\(subject)\"") == true, "\(history.stdout)")
        let json = try Binary.run(["history", "--format", "json", "--no-fetch"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        let runs = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        #expect(runs.map { $0["id"] as? String } == [runID])

        // A second apply on the same commit retries exactly the stages that are not at it (an explicit
        // apply ignores the retry backoff); the stages that succeeded are not re-run.
        let behind = try #require(try fixture.state("state")).stages.filter { $0.appliedCommit?.hex != tip }.map(\.stage.rawValue)
        #expect(!behind.isEmpty)
        let again = try Binary.run(["apply", "--format", "json"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        let second = try #require(try JSONSerialization.jsonObject(with: again.stdoutData) as? [String: Any])
        let secondStages = try #require((second["report"] as? [String: Any])?["stages"] as? [[String: Any]])
        #expect(secondStages.filter { $0["decision"] as? String == "run" }.compactMap { $0["stage"] as? String } == behind)
        #expect(try fixture.remoteGit.run("rev-list", "--count", "phoenix-status") == "2\n")
    }

    @Test func applyWaitsForTheLockThenFailsWithAClearMessage() async throws {
        let fixture = try CLIFixture()
        let held = try await RunLock.acquire(in: fixture.stateDirectory("state"), timeout: .zero)
        defer { held.release() }
        let result = try Binary.run(["apply", "--lock-timeout", "300ms"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        // 75 (EX_TEMPFAIL: try again later) since issue #18 item 2; it was 1, like a failed stage.
        #expect(result.status == 75)
        // On stderr since issue #15 (errors where people look for them, stdout keeps the result).
        #expect(result.stderr.contains("another phoenix-gitops run (pid \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(result.stderr.contains("after waiting"))
    }

    @Test func rollbackRevertsPushesAndAppliesOnlyWhatItTouches() throws {
        let fixture = try CLIFixture()
        _ = try Binary.run(["apply"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        let work = GitCLI(in: fixture.scratch.path("work"))
        try GitCLI(in: fixture.scratch.url).run("clone", "-q", fixture.remote.path, work.directory.path)
        let envFile = work.directory.appendingPathComponent("stacks/monitoring/configs/grafana.env")
        let original = try String(contentsOf: envFile, encoding: .utf8)
        try Data((original + "BAD=1\n").utf8).write(to: envFile)
        try work.run("commit", "-q", "-am", "bad setting")
        try work.run("push", "-q", "origin", "main")
        let bad = try work.revParse("HEAD")
        let badApply = try Binary.run(["apply", "--format", "json"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        let badDocument = try #require(try JSONSerialization.jsonObject(with: badApply.stdoutData) as? [String: Any])
        let badStages = try #require((badDocument["report"] as? [String: Any])?["stages"] as? [[String: Any]])
        // Stages the bad commit made run and that applied (trusted-ca cannot apply on the local target).
        let touched = badStages.filter { $0["decision"] as? String == "run" && $0["result"] as? String == "succeeded" }
            .compactMap { $0["stage"] as? String }
        #expect(touched.contains("stack-files"))
        #expect(!touched.contains("dns"))
        let deployed = "/quickOS/portainer_stacks/monitoring/configs/grafana.env"
        #expect(fixture.targetFiles("state")[deployed].map { String(decoding: $0, as: UTF8.self) } == original + "BAD=1\n")

        let rollback = try Binary.run(["rollback", bad, "--format", "json"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        #expect(rollback.stdout.hasPrefix("pushed "), "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(try fixture.remoteGit.run("log", "-1", "--format=%s", "main") == "Revert \"bad setting\"\n")
        #expect(fixture.targetFiles("state")[deployed].map { String(decoding: $0, as: UTF8.self) } == original)
        let last = try #require(try fixture.recordedRuns().max { $0.startedAt < $1.startedAt })
        #expect(last.trigger.kind == .rollback)
        // The revert touches what the bad commit touched, and only that.
        #expect(last.stages.filter { $0.decision == .run && $0.result == .succeeded }.map(\.stage.rawValue) == touched)

        let usage = try Binary.run(["rollback"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("either REV"))
    }

    @Test func badDurationsAreUsageErrors() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-cli")
        let result = try Binary.run(["watch", "--once", "--interval", "60", "--state-dir", scratch.path("s").path], in: scratch.url)
        #expect(result.status != 0)
        #expect(result.stderr.contains("'60' is not a duration"))
    }

    @Test func initRefusesAFolderThatIsNotEmpty() throws {
        let fixture = try CLIFixture()
        let again = try Binary.run(["init", fixture.remote.path], in: fixture.scratch.url)
        #expect(again.status == 1)
        #expect(again.stderr.contains("exists and is not empty"))
    }
}
