import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixTesting
import Testing

/// state.json, the run lock and the config-repository bootstrap on real files.
@Suite struct StoreTests {
    @Test func stateRoundTripsAndIsWrittenAtomically() throws {
        let scratch = try ScratchDirectory()
        let store = StateStore(stateDirectory: scratch.url)
        #expect(try store.load() == nil)
        var state = EngineState(watcher: WatcherIdentity(id: "host-1234abcd", host: "host"))
        let commit = try #require(ObjectID(hex: String(repeating: "a", count: 40)))
        state.lastTarget = commit
        state.lastTargetResult = .failed
        state.setStage(
            StageState(
                stage: "dns", appliedCommit: commit, appliedAt: Date(timeIntervalSince1970: 1_800_000_000.5),
                artifacts: [ArtifactRecord(location: .lxc(101), path: "/etc/x", kind: .file, sha256: String(repeating: "b", count: 64))],
                lastResult: StageLastResult(result: .failed, commit: commit, runID: "r1", at: Date(timeIntervalSince1970: 1_800_000_001), message: "boom"),
                consecutiveFailures: 2, retryAfter: Date(timeIntervalSince1970: 1_800_000_060)))
        try store.save(state)
        #expect(try store.load() == state)
        let text = try String(contentsOf: store.url, encoding: .utf8)
        #expect(text.contains("\"schema\" : \"phoenix-state/1\""))
        #expect(text.contains("\"applied_commit\" : \"\(commit.hex)\""))
        #expect(text.contains("\"location\" : \"lxc 101\""))
        #expect(text.contains("\"applied_at\" : \"2027-01-15T08:00:00.500Z\""))
        // No temporary files are left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["state.json"])
    }

    @Test func unreadableStateIsATypedError() throws {
        let scratch = try ScratchDirectory()
        let store = StateStore(stateDirectory: scratch.url)
        try Data("{\"schema\": \"phoenix-state/99\", \"watcher\": {\"id\": \"x\", \"host\": \"y\"}}".utf8).write(to: store.url)
        #expect(throws: EngineError.self) { try store.load() }
        let moved = try #require(store.quarantine())
        #expect(moved.lastPathComponent.hasPrefix("state.json.corrupt-"))
        #expect(try store.load() == nil)
    }

    @Test func theLockIsExclusiveAndReleasedWithItsHolder() async throws {
        let scratch = try ScratchDirectory()
        let first = try await RunLock.acquire(in: scratch.url, timeout: .zero)
        await #expect(throws: EngineError.self) { _ = try await RunLock.acquire(in: scratch.url, timeout: .milliseconds(200)) }
        #expect(RunLock.holder(of: RunLock.lockFile(in: scratch.url))?.hasPrefix("pid ") == true)
        first.release()
        let second = try await RunLock.acquire(in: scratch.url, timeout: .zero)
        second.release()
    }

    @Test func bootstrapCreatesABareRepositoryWithTheExampleAndHooks() throws {
        GitTestEnvironment.prepare()
        let scratch = try ScratchDirectory()
        let example = scratch.path("example")
        for (path, text) in TestConfig.files() {
            let url = example.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((text ?? "").utf8).write(to: url)
        }
        let stack = example.appendingPathComponent("stacks/web/docker-compose.yml")
        try FileManager.default.createDirectory(at: stack.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("services: {}\n".utf8).write(to: stack)
        let hooks = example.appendingPathComponent("hooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        try Data("#!/bin/sh\nexit 0\n".utf8).write(to: hooks.appendingPathComponent("pre-receive"))

        let target = scratch.path("config.git")
        let commit = try ConfigRepositoryBootstrap.create(
            at: target,
            from: .init(
                configDirectory: example.appendingPathComponent("config"), stacksDirectory: example.appendingPathComponent("stacks"),
                hooksDirectory: hooks),
            layout: .init(), branch: "main", author: Signature(name: "t", email: "t@example.invalid"))
        let git = GitCLI(in: target)
        #expect(try git.revParse("main") == commit.hex)
        #expect(try git.run("rev-parse", "--is-bare-repository") == "true\n")
        let files = try git.run("ls-tree", "-r", "--name-only", "main").split(separator: "\n").map(String.init)
        #expect(files.contains("config/phoenix_vm_configs.json"))
        #expect(files.contains("stacks/web/docker-compose.yml"))
        #expect(FileManager.default.isExecutableFile(atPath: target.appendingPathComponent("hooks/pre-receive").path))
        _ = try git.run("fsck", "--strict")
        // A second bootstrap into the same folder is refused.
        #expect(throws: EngineError.self) {
            try ConfigRepositoryBootstrap.create(
                at: target,
                from: .init(configDirectory: example.appendingPathComponent("config"), stacksDirectory: example, hooksDirectory: nil),
                layout: .init(), branch: "main", author: Signature(name: "t", email: "t@example.invalid"))
        }
    }

    @Test func watcherIdentityIsStablePerTargetAndDiffersBetweenTargets() {
        var one = WatcherSettings()
        one.targetRoot = "/srv/a"
        var two = WatcherSettings()
        two.targetRoot = "/srv/b"
        let a = WatcherIdentity.derive(from: one, host: "pve1.example.org")
        #expect(a == WatcherIdentity.derive(from: one, host: "pve1.example.org"))
        #expect(a.host == "pve1")
        #expect(a.id.hasPrefix("pve1-") && a.id.count == "pve1-".count + 8)
        #expect(a.id != WatcherIdentity.derive(from: two, host: "pve1.example.org").id)
        one.watcherID = "edge"
        #expect(WatcherIdentity.derive(from: one, host: "pve1").id == "edge")
    }
}
