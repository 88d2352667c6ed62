import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

/// Issue #15 item 2 and issue #18 item 4 through the built executable: suspend/resume, apply --stage,
/// progress lines, and a refused tip that `watch --once` keeps reporting with a non-zero exit.
@Suite struct OperatorControlCommandTests {
    /// A clone of the fixture's repository that can commit and push.
    static func clone(_ fixture: CLIFixture) throws -> GitCLI {
        let work = GitCLI(in: fixture.scratch.path("work"))
        try GitCLI(in: fixture.scratch.url).run("clone", "-q", fixture.remote.path, work.directory.path)
        return work
    }

    @Test func suspendRefusesApplyAndRollbackUntilResume() throws {
        let fixture = try CLIFixture()
        let arguments = fixture.arguments(state: "state")
        let first = try Binary.run(["apply", "--quiet"] + arguments, in: fixture.scratch.url)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let commits = try fixture.remoteGit.run("rev-list", "--count", "phoenix-status")

        let suspend = try Binary.run(
            ["suspend", "--reason", "maintenance window", "--author", "Ada Lovelace <ada@example.org>"] + arguments,
            in: fixture.scratch.url)
        #expect(suspend.status == 0, "\(suspend.stderr)")
        #expect(suspend.stdout.hasPrefix("reconciliation suspended (by Ada Lovelace <ada@example.org>: maintenance window)"))
        let log = try fixture.remoteGit.run("log", "-1", "--format=%s%n%b", "phoenix-status")
        #expect(log.hasPrefix("phoenix: suspended") && log.contains("Trigger: suspend (by Ada Lovelace"), "\(log)")
        #expect(Int(commits.trimmingCharacters(in: .whitespacesAndNewlines))! + 1
            == Int(try fixture.remoteGit.run("rev-list", "--count", "phoenix-status").trimmingCharacters(in: .whitespacesAndNewlines)))

        let status = try Binary.run(["status"] + arguments, in: fixture.scratch.url)
        #expect(status.stdout.hasPrefix("SUSPENDED: reconciliation is suspended by Ada Lovelace <ada@example.org> since "), "\(status.stdout)")

        let apply = try Binary.run(["apply"] + arguments, in: fixture.scratch.url)
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("nothing applied: reconciliation is suspended by Ada Lovelace"), "\(apply.stderr)")
        #expect(apply.stderr.contains("run `phoenix-gitops resume` first"))
        let once = try Binary.run(["watch", "--once"] + arguments, in: fixture.scratch.url)
        #expect(once.status == 0 && once.stdout.contains("reconciliation is suspended by"), "\(once.stdout)\n\(once.stderr)")
        let head = try fixture.remoteGit.revParse("main")
        let rollback = try Binary.run(["rollback", head] + arguments, in: fixture.scratch.url)
        #expect(rollback.status != 0 && rollback.stderr.contains("nothing rolled back: reconciliation is suspended"), "\(rollback.stderr)")
        #expect(try fixture.remoteGit.revParse("main") == head)

        let resume = try Binary.run(["resume", "--author", "Ada Lovelace <ada@example.org>"] + arguments, in: fixture.scratch.url)
        #expect(resume.status == 0 && resume.stdout.hasPrefix("reconciliation resumed"), "\(resume.stdout)\(resume.stderr)")
        let after = try Binary.run(["apply"] + arguments, in: fixture.scratch.url)
        #expect(after.status == 0, "\(after.stdout)\n\(after.stderr)")
        #expect(!(try Binary.run(["status"] + arguments, in: fixture.scratch.url).stdout.contains("SUSPENDED")))
    }

    @Test func applyStageRunsOnlyThatStageWithProgressOnStderr() throws {
        let fixture = try CLIFixture()
        let arguments = fixture.arguments(state: "state")
        let first = try Binary.run(["apply"] + arguments, in: fixture.scratch.url)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        // Progress on stderr while it runs; the result on stdout.
        #expect(first.stderr.contains("applying"), "\(first.stderr)")
        #expect(first.stderr.contains("  dns: applying ...") && first.stderr.contains("  dns: succeeded"), "\(first.stderr)")
        #expect(!first.stdout.contains("applying ..."))

        let dns = try Binary.run(["apply", "--stage", "dns", "--format", "json"] + arguments, in: fixture.scratch.url)
        #expect(dns.status == 0, "\(dns.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: dns.stdoutData) as? [String: Any])
        let stages = try #require((document["report"] as? [String: Any])?["stages"] as? [[String: Any]])
        let ran = stages.filter { $0["decision"] as? String == "run" }.compactMap { $0["stage"] as? String }
        #expect(ran == ["dns"])
        #expect((stages.first { $0["stage"] as? String == "dns" }?["reasons"] as? [String])?.first == "selected by apply --stage")

        // An unknown stage: the same usage error as drift's, exit 64.
        let unknown = try Binary.run(["apply", "--stage", "nope"] + arguments, in: fixture.scratch.url)
        let drift = try Binary.run(["drift", "--stage", "nope"] + arguments, in: fixture.scratch.url)
        #expect(unknown.stderr.contains("--stage: no such stage nope (stages: "), "\(unknown.stderr)")
        #expect(drift.stderr.contains("--stage: no such stage nope (stages: "), "\(drift.stderr)")
        #expect(unknown.status == drift.status)
    }

    @Test func aRefusedTipKeepsWatchOnceNonZeroUntilAFixIsPushed() throws {
        let fixture = try CLIFixture()
        let arguments = fixture.arguments(state: "state")
        #expect(try Binary.run(["apply", "--quiet"] + arguments, in: fixture.scratch.url).status == 0)

        // As on a forge, which runs no pre-receive hook of ours: the broken commit reaches the branch.
        try? FileManager.default.removeItem(at: fixture.remote.appendingPathComponent("hooks/pre-receive"))
        let work = try Self.clone(fixture)
        let vms = work.directory.appendingPathComponent("config/phoenix_vm_configs.json")
        let good = try String(contentsOf: vms, encoding: .utf8)
        try Data((good.dropLast(2) + ",]\n").utf8).write(to: vms)
        try work.run("commit", "-q", "-am", "broken")
        try work.run("push", "-q", "origin", "main")
        let broken = try work.revParse("HEAD")

        let refused = try Binary.run(["watch", "--once"] + arguments, in: fixture.scratch.url)
        #expect(refused.status == 1, "\(refused.stdout)\n\(refused.stderr)")
        #expect(refused.stderr.contains("error: \(broken.prefix(7)) is invalid (run "), "\(refused.stderr)")
        // Before issue #18 item 4 this said "nothing to do: … is already applied" and exited 0.
        let again = try Binary.run(["watch", "--once"] + arguments, in: fixture.scratch.url)
        #expect(again.status == 1, "\(again.stdout)\n\(again.stderr)")
        #expect(!again.stdout.contains("already applied"))
        #expect(again.stderr.contains("\(broken.prefix(7)) is invalid (run "), "\(again.stderr)")
        #expect(again.stderr.contains("config/phoenix_vm_configs.json:") && again.stderr.contains("; push a fix"), "\(again.stderr)")
        let status = try Binary.run(["status"] + arguments, in: fixture.scratch.url)
        #expect(status.stdout.hasPrefix("REFUSED TIP: \(broken.prefix(7)) is invalid (run "), "\(status.stdout)")

        try Data(good.utf8).write(to: vms)
        try work.run("commit", "-q", "-am", "fix")
        try work.run("push", "-q", "origin", "main")
        let fixed = try Binary.run(["watch", "--once"] + arguments, in: fixture.scratch.url)
        #expect(fixed.status == 0, "\(fixed.stdout)\n\(fixed.stderr)")
        let idle = try Binary.run(["watch", "--once"] + arguments, in: fixture.scratch.url)
        #expect(idle.status == 0 && idle.stdout.hasPrefix("nothing to do"), "\(idle.stdout)\n\(idle.stderr)")
    }

    @Test func completionScriptsAreGeneratedForEachShell() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-cli")
        for shell in ["bash", "zsh", "fish"] {
            let script = try Binary.run(["--generate-completion-script", shell], in: scratch.url)
            #expect(script.status == 0 && script.stdout.contains("suspend") && script.stdout.contains("resume"), "\(shell)")
        }
        let bash = try Binary.run(["--generate-completion-script", "bash"], in: scratch.url)
        let file = scratch.path("phoenix-gitops.bash")
        try Data(bash.stdout.utf8).write(to: file)
        // Spawned as every test process is (Foundation's Process.waitUntilExit can hang next to another
        // test's Process on Linux).
        let check = try TestProcess.run("bash", ["-n", file.path])
        #expect(check.succeeded, "bash -n refused the completion script: \(check.stderr)")
    }
}
