import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

/// Issue 14 end to end with real parts: `git push` over git:// into a bare repository, its post-receive
/// hook waking the built `phoenix-gitops watch --listen`, and the watcher reporting to a forge stand-in
/// (GitHub's REST contract, a real HTTP server on 127.0.0.1) and to a generic JSON webhook:
/// commit statuses pending → success, a broken commit's failure with its first finding, and drift
/// producing one notification and its self-heal another.
@Suite struct ForgeDaemonTests {
    static let repository = "infra/phoenix-config"

    /// Statuses the stand-in received for `sha`, as `state: description`.
    static func statuses(_ forge: ForgeStandIn, sha: String) -> [String] {
        forge.requests().filter { $0.path == "/repos/\(repository)/statuses/\(sha)" }.compactMap { request in
            request.json.map { "\($0["state"] as? String ?? "?"): \($0["description"] as? String ?? "?")" }
        }
    }

    /// Events the `ops` JSON target received.
    static func events(_ forge: ForgeStandIn) -> [[String: Any]] {
        forge.requests().filter { $0.path == "/hooks/ops" }.compactMap(\.json)
    }

    @Test func pushesGetCommitStatusesABrokenCommitItsFindingAndDriftAndItsHealOneMessageEach() throws {
        let world = try WebhookWorld()
        let token = "ghp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let forge = try ForgeStandIn(provider: "github", token: token, repository: Self.repository, folder: world.scratch.path("forge"))
        let settings = """
            {"retry_base_seconds": 3600, "retry_max_seconds": 3600, "self_heal": true,
             "forge": {"provider": "github", "api_url": "\(forge.apiURL)", "repository": "\(Self.repository)",
                       "watcher": "lab", "status_url": "https://phoenix.example/status"},
             "notifications": {"retry_base_seconds": 0.05,
                               "targets": [{"name": "ops", "format": "json", "url": "\(forge.hookURL("ops"))"}]}}
            """
        try Data(settings.utf8).write(to: world.settingsFile)
        var environment = world.environment()
        environment["PHOENIX_FORGE_TOKEN"] = token
        let watcher = try LiveWatcher(
            arguments: { world.watchArguments(listen: $0) + ["--drift-interval", "1s"] }, environment: environment,
            in: world.scratch.url, log: world.scratch.path("watch.log"))

        // The start-up run: pending, then success, on the initial commit, with the context and the link.
        let initial = try world.remoteGit.revParse("main")
        #expect(watcher.wait { Self.statuses(forge, sha: initial).count == 2 }, "\(watcher.log)")
        let first = Self.statuses(forge, sha: initial)
        #expect(first.first == "pending: applying (trigger: startup)")
        #expect(first.last?.hasPrefix("success: ") == true && first.last?.hasSuffix("stages ran, all succeeded") == true, "\(first)")
        let request = try #require(forge.requests().first { $0.path.contains("/statuses/") })
        #expect(request.headers["authorization"] == "Bearer \(token)")
        #expect(request.json?["context"] as? String == "phoenix-gitops/lab")
        #expect(request.json?["target_url"] as? String == "https://phoenix.example/status")

        // A push through the webhook: pending → success on the pushed commit.
        try world.configureHook(port: watcher.port)
        let (pushed, _) = try WebhookDaemonTests.pushContainer(world, clone: "work", id: 250, name: "Forge-Box", lastOctet: 71)
        #expect(watcher.wait { Self.statuses(forge, sha: pushed).count == 2 }, "\(watcher.log)")
        let pushedStatuses = Self.statuses(forge, sha: pushed)
        #expect(pushedStatuses.last?.hasPrefix("success: ") == true && pushedStatuses.last?.hasSuffix("all succeeded") == true, "\(pushedStatuses)")
        #expect(Self.statuses(forge, sha: pushed).first == "pending: applying (trigger: webhook)")

        // A broken commit (pushed where no pre-receive hook checks it, as on a hosted forge): failure,
        // described by its first finding, and a tip-refused notification with the same reason.
        try FileManager.default.removeItem(at: world.remote.appendingPathComponent("hooks/pre-receive"))
        let work = try world.clone("broken")
        let file = work.directory.appendingPathComponent("config/phoenix_lxc_configs.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"lxc_configs\": {", with: "\"lxc_configs\": {,")
        try Data(text.utf8).write(to: file)
        try work.run("commit", "-q", "-am", "break the LXC file")
        let broken = try work.revParse("HEAD")
        _ = try work.runData(["push", "origin", "HEAD:refs/heads/main"])
        #expect(watcher.wait { Self.statuses(forge, sha: broken).count == 2 }, "\(watcher.log)")
        let brokenStatus = Self.statuses(forge, sha: broken).last ?? ""
        #expect(brokenStatus.hasPrefix("failure: invalid: config/phoenix_lxc_configs.json:"), "\(brokenStatus)")
        #expect(watcher.wait { Self.events(forge).contains { $0["event"] as? String == "tip-refused" } }, "\(Self.events(forge))")
        let refused = try #require(Self.events(forge).first { $0["event"] as? String == "tip-refused" })
        #expect(refused["commit"] as? String == broken)
        #expect((refused["reason"] as? String).map { brokenStatus.contains($0.prefix(40)) } == true, "\(refused)")

        // Drift: an edit by hand on the target. One drift-detected message, then the self-heal's
        // drift-healed message, and nothing more however many checks follow.
        let records = world.target.appendingPathComponent(WebhookWorld.recordsPath)
        let applied = try String(contentsOf: records, encoding: .utf8)
        try Data((applied + "address=/rogue.lab.phoenix.test/10.20.0.99\n").utf8).write(to: records)
        #expect(watcher.wait { Self.events(forge).contains { $0["event"] as? String == "drift-healed" } }, "\(Self.events(forge)) \(watcher.log)")
        #expect(watcher.wait { (try? String(contentsOf: records, encoding: .utf8)) == applied }, "healed back")
        let checks = watcher.log.components(separatedBy: "drift checked").count
        #expect(watcher.wait { watcher.log.components(separatedBy: "drift checked").count >= checks + 3 }, "more drift checks")
        let kinds = Self.events(forge).compactMap { $0["event"] as? String }
        #expect(kinds.filter { $0 == "drift-detected" }.count == 1, "\(kinds)")
        #expect(kinds.filter { $0 == "drift-healed" }.count == 1, "\(kinds)")
        let detected = try #require(Self.events(forge).first { $0["event"] as? String == "drift-detected" })
        #expect((detected["reason"] as? String)?.contains("00-phoenix-internal.conf") == true, "\(detected)")
        #expect((detected["stages"] as? [[String: Any]])?.first?["stage"] as? String == "dns")
        // Heals re-apply an older commit: they set no commit status.
        #expect(forge.requests().filter { $0.path.contains("/statuses/") }.count == 6)

        #expect(watcher.metric("phoenix_notifications_total", [("channel", "commit_status"), ("result", "sent")]) == 6)
        #expect(watcher.metric("phoenix_notifications_total", [("channel", "json"), ("result", "sent")]) == Double(Self.events(forge).count))
        #expect(watcher.metric("phoenix_notifications_total", [("channel", "commit_status"), ("result", "failed")]) == 0)
        #expect(watcher.terminate() == 0, "\(watcher.log)")
        #expect(!watcher.log.contains(token), "the token is never logged")
    }

    @Test func aTokenThatCannotBeReadStopsTheStartWithAClearError() throws {
        let world = try WebhookWorld(serve: false)
        let settings = world.scratch.path("forge.json")
        try Data(#"{"forge": {"provider": "github", "repository": "a/b", "token_file": "/nonexistent/token"}}"#.utf8).write(to: settings)
        let other = world.scratch.path("other-state")
        let result = try Binary.run(
            ["watch", "--once", "--repo", world.url, "--state-dir", other.path, "--settings", settings.path],
            in: world.scratch.url, environment: [:], timeout: 60)
        #expect(result.status != 0 && !result.terminatedBySignal)
        #expect(result.stderr.contains("/nonexistent/token: forge token file cannot be read"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("state.json").path), "nothing ran")
    }
}
