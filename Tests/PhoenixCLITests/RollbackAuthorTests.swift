import Foundation
import PhoenixTesting
import Testing

/// A rollback commit is authored by the person who ran it: `--author`, else their git config.
@Suite struct RollbackAuthorTests {
    func badCommit(_ fixture: CLIFixture) throws -> String {
        _ = try Binary.run(["apply"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        let work = GitCLI(in: fixture.scratch.path("work"))
        try GitCLI(in: fixture.scratch.url).run("clone", "-q", fixture.remote.path, work.directory.path)
        let envFile = work.directory.appendingPathComponent("stacks/monitoring/configs/grafana.env")
        try Data((try String(contentsOf: envFile, encoding: .utf8) + "BAD=1\n").utf8).write(to: envFile)
        try work.run("commit", "-q", "-am", "bad setting")
        try work.run("push", "-q", "origin", "main")
        return try work.revParse("HEAD")
    }

    @Test func authorOptionNamesTheAuthor() throws {
        let fixture = try CLIFixture()
        let bad = try badCommit(fixture)
        let rollback = try Binary.run(
            ["rollback", bad, "--author", "Ada Lovelace <ada@example.org>"] + fixture.arguments(state: "state"),
            in: fixture.scratch.url)
        #expect(rollback.stdout.hasPrefix("pushed "), "\(rollback.stdout)\(rollback.stderr)")
        #expect(try fixture.remoteGit.run("log", "-1", "--format=%an <%ae>", "main") == "Ada Lovelace <ada@example.org>\n")
        let wrong = try Binary.run(["rollback", bad, "--author", "ada"] + fixture.arguments(state: "state"), in: fixture.scratch.url)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("--author must be"))
    }

    @Test func gitConfigIdentityIsTheDefault() throws {
        let fixture = try CLIFixture()
        let bad = try badCommit(fixture)
        let config = fixture.scratch.path("gitconfig")
        try Data("[user]\n\tname = Grace Hopper\n\temail = grace@example.org\n".utf8).write(to: config)
        let rollback = try Binary.run(
            ["rollback", bad] + fixture.arguments(state: "state"), in: fixture.scratch.url,
            environment: ["GIT_CONFIG_GLOBAL": config.path])
        #expect(rollback.stdout.hasPrefix("pushed "), "\(rollback.stdout)\(rollback.stderr)")
        #expect(try fixture.remoteGit.run("log", "-1", "--format=%an <%ae>", "main") == "Grace Hopper <grace@example.org>\n")
        // The run that applied it is still recorded by the watcher.
        #expect(try fixture.remoteGit.run("log", "-1", "--format=%an", "phoenix-status") == "phoenix-gitops\n")
    }
}
