import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixStages
import PhoenixTesting
import Testing

@testable import phoenix_gitops

/// `plan`, `render` and `validate --at` end to end through the commands, on a scratch repository of
/// the example configuration made with the real `git` CLI.
@Suite struct PlanCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let scratch: ScratchDirectory
    let git: GitCLI

    init() throws {
        GitTestEnvironment.prepare()
        scratch = try ScratchDirectory(prefix: "phoenix-cli-plan")
        git = try GitCLI.initRepository(at: scratch.path("repo"))
        for folder in ["config", "stacks"] {
            try FileManager.default.copyItem(
                at: Self.packageRoot.appendingPathComponent(folder), to: git.directory.appendingPathComponent(folder))
        }
        try git.run("add", "-A")
        try git.run("commit", "-q", "-m", "initial")
    }

    /// Replaces `old` with `new` in a file of the repository and commits.
    @discardableResult
    func edit(_ path: String, _ old: String, _ new: String, message: String = "edit") throws -> String {
        let url = git.directory.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old))
        return try git.commit([path: text.replacingOccurrences(of: old, with: new)], message: message)
    }

    func plan(_ arguments: [String]) throws -> CommandOutput {
        try PlanCommand.parse(["--repo", git.directory.path, "--state-dir", scratch.path("state").path] + arguments).execute()
    }

    @Test func exitStatusTwoWhenStagesWouldRunWithReasonsAndDiffs() throws {
        try edit("config/phoenix_lxc_configs.json", "\"name\": \"notes-app\"", "\"name\": \"notes\"")
        let output = try plan([])
        #expect(output.status == 2)
        let text = String(decoding: output.stdout, as: UTF8.self)
        #expect(text.contains("Stages that will run (1):\n  dns"))
        #expect(text.contains("/lxc_configs/240/name changed → phoenix_lxc_configs.json#/lxc_configs/*/name"))
        #expect(text.contains("+++ b/host/etc/dnsmasq.d/00-phoenix-internal.conf"))
        #expect(text.contains("\n-address=/notes-app.lab.phoenix.test/10.20.0.20\n"))
    }

    /// With a state.json in the state folder and no --from, each stage plans from its own watermark:
    /// a stage that failed at an earlier commit is re-planned from there while the others plan only
    /// the newest change.
    @Test func perStageWatermarksFromStateReplanAFailedStage() throws {
        let first = try git.revParse("HEAD")
        let renamed = try edit("config/phoenix_lxc_configs.json", "\"name\": \"notes-app\"", "\"name\": \"notes\"")
        try edit("config/phoenix_lxc_configs.json", "\"port\": \"9000\"", "\"port\": \"9001\"")
        var state = EngineState(watcher: WatcherIdentity(id: "test", host: "test"))
        for stage in StageCatalogue.standard.ids {
            // dns failed at `renamed`, so its watermark stayed at the first commit.
            let commit = try #require(ObjectID(hex: stage == .dns ? first : renamed))
            state.setStage(StageState(stage: stage, appliedCommit: commit))
        }
        try StateStore(stateDirectory: scratch.path("state")).save(state)

        let text = String(decoding: try plan([]).stdout, as: UTF8.self)
        #expect(text.contains("Stages that will run (2):"))
        #expect(text.contains("\n  dns — "))
        #expect(text.contains("\n  firewall — "))
        #expect(text.contains("/lxc_configs/240/name changed"))

        // --from overrides the state: only the newest change (the firewall port) is planned.
        let fromParent = String(decoding: try plan(["--from", renamed]).stdout, as: UTF8.self)
        #expect(fromParent.contains("Stages that will run (1):\n  firewall"))
    }

    @Test func exitStatusZeroForDocsAndFormatting() throws {
        try git.commit(["README.md": "docs\n"], message: "docs")
        #expect(try plan([]).status == 0)
        try edit("config/phoenix_vm_configs.json", "    ", "  ")
        let output = try plan(["--format", "json"])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
        #expect(object["will_run"] as? Bool == false)
        #expect((object["changes"] as? [[String: Any]])?.first?["formatting_only"] as? Bool == true)
    }

    @Test func exitStatusOneWithEveryFindingForAnInvalidConfiguration() throws {
        try edit("config/phoenix_vm_configs.json", "\"ip\": \"10.20.0.52/24\"", "\"ip\": \"10.20.0.51/24\"")
        let text = try plan([])
        #expect(text.status == 1)
        #expect(String(decoding: text.stdout, as: UTF8.self).contains("error: "))
        let json = try plan(["--format", "json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["code"] as? String == "duplicate-ip" })
    }

    @Test func revisionFromAndStageOptions() throws {
        let first = try git.revParse("HEAD")
        try edit("config/phoenix_hypervisor_config.json", "\"9.9.9.9\"", "\"149.112.112.112\"")
        try git.commit(["README.md": "docs\n"], message: "docs")
        // HEAD alone is docs-only; from the first commit the DNS change shows.
        #expect(try plan([]).status == 0)
        #expect(try plan(["HEAD", "--from", first]).status == 2)
        #expect(try plan(["HEAD~1"]).status == 2)
        #expect(try plan(["HEAD~1", "--stage", "firewall"]).status == 0)
        #expect(throws: (any Error).self) { try plan(["HEAD~1", "--stage", "no-such-stage"]) }
        #expect(throws: (any Error).self) { try plan(["no-such-revision"]) }
        // --branch picks the tracked branch's tip.
        try git.run("branch", "old", first)
        #expect(try plan(["--branch", "old"]).status == 2, "the root commit runs everything")
    }

    @Test func repositoriesThatCannotBeReadOfflineAreClearErrors() throws {
        do {
            _ = try PlanCommand.parse(["--repo", "https://example.invalid/config.git", "--state-dir", scratch.path("s").path]).execute()
            Issue.record("a URL without a mirror was planned")
        } catch let error as RepositoryAccessError {
            #expect(error.message.contains("no mirror yet"))
        }
        #expect(throws: RepositoryAccessError.self) {
            try PlanCommand.parse(["--repo", scratch.path("nothing").path]).execute()
        }
        #expect(throws: RepositoryAccessError.self) {
            try PlanCommand.parse(["--state-dir", scratch.path("empty-state").path]).execute()
        }
    }

    @Test func renderWritesEveryArtifactByLocation() throws {
        let out = scratch.path("rendered")
        let output = try RenderCommand.parse(["--repo", git.directory.path, "--out", out.path]).execute()
        #expect(output.status == 0, "\(String(decoding: output.stdout, as: UTF8.self))")
        let manifest = try JSONDecoder().decode(RenderManifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        #expect(manifest.stages.count == 10)
        #expect(manifest.commit == (try git.revParse("HEAD")))
        for entry in manifest.artifacts {
            let bytes = try Data(contentsOf: out.appendingPathComponent(entry.file))
            #expect(bytes.count == entry.size)
        }
        #expect(manifest.artifacts.contains { $0.file == "host/etc/dnsmasq.conf" })
        #expect(manifest.artifacts.contains { $0.file.hasPrefix("lxc/220/") })
        #expect(manifest.artifacts.contains { $0.file.hasPrefix("desired/swarm/vm/310/") && $0.file.hasSuffix(".state") })

        let only = try RenderCommand.parse(["--path", git.directory.path, "--out", scratch.path("dns").path, "--stage", "dns"]).execute()
        #expect(only.status == 0)
        let dns = try JSONDecoder().decode(
            RenderManifest.self, from: Data(contentsOf: scratch.path("dns").appendingPathComponent("manifest.json")))
        #expect(dns.stages == ["dns"] && dns.commit == nil && dns.source.hasPrefix("folder "))
        #expect(throws: (any Error).self) { try RenderCommand.parse(["--at", "HEAD", "--path", ".", "--out", "x"]) }
    }

    @Test func validateAtARevisionReadsGitObjectsOnly() throws {
        let good = try git.revParse("HEAD")
        try edit("config/phoenix_vm_configs.json", "\"ip\": \"10.20.0.52/24\"", "\"ip\": \"10.20.0.51/24\"")
        // The working tree is valid again, the commit is not: --at must read the commit.
        try git.run("checkout", "-q", good, "--", "config")
        let args = ["--repo", git.directory.path]
        #expect(try ValidateCommand.parse(args + ["--at", good]).execute().status == 0)
        let bad = try ValidateCommand.parse(args + ["--at", "main", "--format", "json"]).execute()
        #expect(bad.status == 1)
        #expect(String(decoding: bad.stdout, as: UTF8.self).contains("duplicate-ip"))
        #expect(try ValidateCommand.parse([git.directory.path]).execute().status == 0, "the folder is valid")
        #expect(throws: (any Error).self) { try ValidateCommand.parse([git.directory.path, "--at", "HEAD"]) }
    }
}
