import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

/// Real parts end to end: a bare config repository served by `git daemon` on 127.0.0.1, the `git`
/// CLI cloning, committing and pushing as a user would, the built `phoenix-gitops watch` applying to
/// its local target, and `git log` / `git fsck` on what it wrote.
@Suite struct EndToEndTests {
    @Test func watchAppliesWhatAUserPushesAndRecordsOneStatusCommitPerRun() throws {
        let fixture = try CLIFixture()
        let server = try GitDaemon(basePath: fixture.scratch.url)
        defer { server.stop() }
        let url = server.url(for: "config.git")
        let daemon = try Daemon(
            ["watch", "--interval", "1s"] + fixture.arguments(repo: url, state: "state"), in: fixture.scratch.url,
            environment: Binary.environment(), logURL: fixture.scratch.path("watch.log"))

        func statusCommits() -> Int {
            (try? fixture.remoteGit.run("rev-list", "--count", "phoenix-status"))
                .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        }
        #expect(daemon.wait(until: { statusCommits() >= 1 }), "no first run: \(daemon.log)")
        let first = try #require(try fixture.state("state"))
        let initial = try fixture.remoteGit.revParse("main")
        #expect(first.stage("dns").appliedCommit?.hex == initial)

        // A user clones over git://, edits a stack file, commits and pushes.
        let work = GitCLI(in: fixture.scratch.path("work"))
        try GitCLI(in: fixture.scratch.url).run("clone", "-q", url, work.directory.path)
        let envFile = work.directory.appendingPathComponent("stacks/monitoring/configs/grafana.env")
        let edited = try String(contentsOf: envFile, encoding: .utf8) + "GF_USERS_ALLOW_SIGN_UP=false\n"
        try Data(edited.utf8).write(to: envFile)
        try work.run("commit", "-q", "-am", "grafana: no sign-up")
        try work.run("push", "-q", "origin", "main")
        let pushed = try work.revParse("HEAD")

        #expect(
            daemon.wait(until: { (try? fixture.state("state"))??.stage("stack-files").appliedCommit?.hex == pushed }),
            "the push was not applied: \(daemon.log)")
        #expect(daemon.wait(until: { statusCommits() >= 2 }))
        let deployed = fixture.targetFiles("state")["/quickOS/portainer_stacks/monitoring/configs/grafana.env"]
        #expect(deployed.map { String(decoding: $0, as: UTF8.self) } == edited)

        // SIGTERM: the run in progress (if any) finishes, the process exits 0.
        #expect(daemon.terminate() == 0, "\(daemon.log)")
        let log = daemon.log
        #expect(log.contains("stopped"))

        // One status commit per run, each adding exactly one runs/ file; git is happy with all of it.
        let runsFinished = log.components(separatedBy: "run finished").count - 1
        let subjects = try fixture.remoteGit.run("log", "--format=%s", "phoenix-status").split(separator: "\n")
        #expect(subjects.count == runsFinished)
        #expect(subjects.count == 2)
        #expect(subjects.allSatisfy { $0.hasPrefix("phoenix: ") })
        let runs = try fixture.recordedRuns()
        #expect(runs.count == subjects.count)
        #expect(Set(runs.map(\.id)).count == runs.count)
        #expect(runs.contains { $0.source.commit?.hex == pushed && $0.stages.contains { $0.stage == "stack-files" && $0.result == .succeeded } })
        #expect(try fixture.remoteGit.revParse("main") == pushed)
        _ = try fixture.remoteGit.run("fsck", "--strict")
        _ = try work.run("fetch", "-q", "origin", "phoenix-status")
        _ = try work.run("fsck", "--strict")
    }

    @Test func watchOnceOnTheEmbeddedDefaultCreatesTheRepositoryAndRecordsTheRun() throws {
        GitTestEnvironment.prepare()
        let scratch = try ScratchDirectory(prefix: "phoenix-embedded")
        let result = try Binary.run(["watch", "--once"], in: scratch.url)
        // The example cannot fully apply on the local target (no CA root, no swarm): exit 1, recorded.
        #expect(!result.terminatedBySignal)
        #expect(result.stdout.contains("stack-files"), "\(result.stdout)\n\(result.stderr)")
        let embedded = scratch.path(".phoenix/config.git")
        let git = GitCLI(in: embedded)
        #expect(try git.run("rev-parse", "--is-bare-repository") == "true\n")
        #expect(try git.run("ls-tree", "--name-only", "main", "config/").contains("config/phoenix_lxc_configs.json"))
        #expect(try git.run("rev-list", "--count", "phoenix-status") == "1\n")
        let config = try String(contentsOf: embedded.appendingPathComponent("config"), encoding: .utf8)
        #expect(config.contains("[phoenix]") && config.contains("binary = \"\(Binary.path)\""))
        // A second --once is idle: no new status commit.
        let again = try Binary.run(["watch", "--once"], in: scratch.url)
        #expect(again.succeeded, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.hasPrefix("nothing to do"))
        #expect(try git.run("rev-list", "--count", "phoenix-status") == "1\n")
        _ = try git.run("fsck", "--strict")
    }
}
