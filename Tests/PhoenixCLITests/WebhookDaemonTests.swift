import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Push-to-deploy end to end with real parts only: `git push` over git:// into a bare repository served by
/// `git daemon`, its `hooks/post-receive` posting a signed webhook to the built `phoenix-gitops watch
/// --listen`, the watcher applying the change to its local target, a real dnsmasq answering `dig` from
/// the rendered records, the status branch, `/status` and `/metrics`, and SIGTERM in the middle of a run.
///
/// The poll interval is an hour, so after the start-up run only a webhook can cause a run.
@Suite struct WebhookDaemonTests {
    /// The run id in the hook's `phoenix: refs/heads/main: run <id> started|queued|coalesced` line.
    static func runID(in pushOutput: String) -> String? {
        for line in pushOutput.split(separator: "\n") {
            guard let range = line.range(of: "phoenix: refs/heads/main: run ") else { continue }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }
        return nil
    }

    /// Starts the world's watcher and waits for its start-up run to apply the initial commit.
    static func started(_ world: WebhookWorld, secret: Bool = true) throws -> LiveWatcher {
        let watcher = try LiveWatcher(
            arguments: { world.watchArguments(listen: $0) }, environment: world.environment(secret: secret),
            in: world.scratch.url, log: world.scratch.path("watch-\(UUID().uuidString).log"))
        let initial = try world.remoteGit.revParse("main")
        let applied = watcher.wait { (try? world.state())??.lastTarget?.hex == initial }
        guard applied else { throw FixtureFailure("no start-up run: \(watcher.log)") }
        return watcher
    }

    /// Clones, adds a container to the LXC file, commits and pushes with the git CLI; returns the commit
    /// and git's stderr (where the hook's lines appear).
    static func pushContainer(
        _ world: WebhookWorld, clone: String, id: Int, name: String, lastOctet: Int, firewall: Bool = false
    ) throws -> (commit: String, output: String) {
        let work = try world.clone(clone)
        let file = work.directory.appendingPathComponent("config/phoenix_lxc_configs.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let changed = try WebhookWorld.addingContainer(to: text, id: id, name: name, lastOctet: lastOctet, firewall: firewall)
        try Data(changed.utf8).write(to: file)
        try work.run("commit", "-q", "-am", "add \(name)")
        let commit = try work.revParse("HEAD")
        let push = try work.runData(["push", "origin", "HEAD:refs/heads/main"])
        return (commit, push.stderr)
    }

    @Test func aPushIsAppliedThroughTheWebhookAnsweredByDnsmasqRecordedAndCounted() throws {
        let world = try WebhookWorld()
        let watcher = try Self.started(world)
        let first = try #require(try world.state())
        #expect(first.lastTargetResult == .succeeded, "start-up run: \(first.stages.map { "\($0.stage): \($0.lastResult?.result.rawValue ?? "-")" })")
        // Ready once the start-up run has handed back its fetch (just after state.json is written).
        #expect(watcher.wait { watcher.get("/readyz")?.status == 200 }, "\(watcher.get("/readyz")?.body ?? "no answer")")
        #expect(world.records()?.contains("/webhook-box.") == false)

        try world.configureHook(port: watcher.port)
        let (pushed, output) = try Self.pushContainer(world, clone: "work", id: 250, name: "Webhook-Box", lastOctet: 70)
        let runID = try #require(Self.runID(in: output), "the hook did not report a run: \(output)")
        #expect(output.contains("run \(runID) started"), "\(output)")

        // Applied: the record for the new name is in the rendered file (bounded polling, no sleeps).
        let record = "address=/webhook-box.\(WebhookWorld.domain)/10.20.0.20"
        #expect(watcher.wait { world.records()?.contains(record) == true }, "not applied: \(watcher.log)")
        #expect(
            watcher.wait {
                let status = watcher.status()
                return status?["last_target"] as? String == pushed && status?["last_target_result"] as? String == "succeeded"
            }, "\(watcher.get("/status")?.body ?? "no /status")")
        let state = try #require(try world.state())
        #expect(state.stage("dns").appliedCommit?.hex == pushed)
        #expect(state.stage("dns").lastResult?.runID == runID)

        // A real dnsmasq on the applied records answers the new name: LXC names resolve to the Traefik
        // guest (10.20.0.20, docs/stages/dns.md), so requests to it reach the mesh.
        let dnsmasq = try LiveDnsmasq(
            records: world.target.appendingPathComponent(WebhookWorld.recordsPath), domain: WebhookWorld.domain,
            folder: world.scratch.path("dns"), probe: "lab-ca.\(WebhookWorld.domain)")
        #expect(try dnsmasq.ask("webhook-box.\(WebhookWorld.domain)") == "10.20.0.20")
        #expect(try dnsmasq.ask("lab-ca.\(WebhookWorld.domain)") == "10.20.0.30")
        #expect(try dnsmasq.ask("no-such-box.\(WebhookWorld.domain)") == "")

        // The status branch on the remote records that push's run, triggered by the webhook.
        #expect(
            watcher.wait {
                let log = (try? world.remoteGit.run("log", "--format=%B%x00", "phoenix-status")) ?? ""
                return log.split(separator: "\0").contains { message in
                    message.contains("phoenix: succeeded \(pushed.prefix(7))") && message.contains("Run: \(runID)")
                        && message.contains("Trigger: webhook (generic refs/heads/main @\(pushed.prefix(12))")
                }
            }, "\((try? world.remoteGit.run("log", "--format=%B", "phoenix-status")) ?? "")")

        // /metrics: the engine's and the server's series in one registry. A run is counted when the call
        // returns, just after its status commit, so wait for it (bounded).
        #expect(watcher.wait { watcher.metric("phoenix_runs_total", [("result", "success")]) == 2 }, "\(watcher.get("/metrics")?.body ?? "")")
        #expect(watcher.metric("phoenix_runs_total", [("result", "failure")]) == 0)
        #expect(watcher.metric("phoenix_webhook_requests_total", [("provider", "generic"), ("result", "accepted")]) == 1)
        #expect(watcher.metric("phoenix_triggers_total", [("source", "webhook"), ("disposition", "started")]) == 1)
        #expect(watcher.metric("phoenix_triggers_total", [("source", "startup"), ("disposition", "started")]) == 1)
        #expect(watcher.metric("phoenix_stage_runs_total", [("stage", "dns"), ("result", "success")]) == 2)
        #expect(watcher.metric("phoenix_fetches_total", [("result", "success")]) == 2)
        #expect(watcher.metric("phoenix_stages_failing") == 0)
        let committed = try world.remoteGit.run("show", "-s", "--format=%ct", pushed)
        #expect(watcher.metric("phoenix_last_applied_commit_timestamp_seconds") == Double(committed.trimmingCharacters(in: .whitespacesAndNewlines)))

        // Every line a run writes carries its run id; the webhook's answer names the same run.
        let log = watcher.log
        let runLines = log.split(separator: "\n").filter { line in
            ["run started", "planned", "stage succeeded", "run finished", "status recorded", "fetched main"].contains { line.contains($0) }
        }
        #expect(runLines.count >= 10, "\(log)")
        #expect(runLines.allSatisfy { $0.contains("run_id=") }, "\(runLines.filter { !$0.contains("run_id=") })")
        #expect(log.split(separator: "\n").contains { $0.contains("webhook answered") && $0.contains("run_id=\(runID)") })
        #expect(!log.contains(world.secret), "the secret must never be logged")

        #expect(watcher.terminate() == 0, "\(watcher.log)")
        #expect(watcher.log.contains("stopped"))
    }

    @Test func sigtermInTheMiddleOfAStageFinishesItRecordsTheRunAndExitsZero() throws {
        let world = try WebhookWorld()
        var watcher = try Self.started(world)
        let initial = try world.remoteGit.revParse("main")
        try world.configureHook(port: watcher.port)

        // The next dns stage holds inside its `dnsmasq --test` until the hold file goes away.
        try Data().write(to: world.hold)
        let (pushed, output) = try Self.pushContainer(
            world, clone: "work", id: 260, name: "Held-Box", lastOctet: 60, firewall: true)
        let runID = try #require(Self.runID(in: output), "\(output)")
        #expect(watcher.wait { FileManager.default.fileExists(atPath: world.held.path) }, "the dns stage never started: \(watcher.log)")

        watcher.process.send(SIGTERM)
        // The reconciler has been asked to stop after the stage in progress; only then is the stage let go.
        #expect(watcher.wait { watcher.log.contains("shutting down: the run stops after the stage in progress") }, "\(watcher.log)")
        #expect(watcher.get("/healthz") == nil, "the HTTP server stops accepting first")
        try FileManager.default.removeItem(at: world.hold)
        #expect(watcher.process.waitForExit(timeout: 120) == 0, "\(watcher.log)")
        #expect(watcher.log.contains("stopped"))

        // state.json is intact: parseable, nothing in progress, the finished stage at the new commit, the
        // stage after it still at the old one, and the run recorded as interrupted (so it is planned again).
        let raw = try Data(contentsOf: world.stateDirectory.appendingPathComponent("state.json"))
        #expect((try? JSONSerialization.jsonObject(with: raw)) != nil)
        let state = try #require(try world.state())
        #expect(state.inProgress == nil)
        #expect(state.pendingReports.isEmpty, "the interrupted run was published before exiting")
        #expect(state.stage("dns").appliedCommit?.hex == pushed)
        #expect(state.stage("dns").lastResult?.runID == runID)
        #expect(state.stage("firewall").appliedCommit?.hex == initial)
        #expect(state.lastTarget?.hex == initial)
        for stage in state.stages {
            #expect([initial, pushed].contains(stage.appliedCommit?.hex ?? ""), "\(stage.stage)")
        }
        let subjects = try world.remoteGit.run("log", "--format=%s", "phoenix-status")
        #expect(subjects.hasPrefix("phoenix: interrupted \(pushed.prefix(7))"), "\(subjects)")

        // The next start picks up what did not run, and only that.
        watcher = try LiveWatcher(
            arguments: { world.watchArguments(listen: $0) }, environment: world.environment(),
            in: world.scratch.url, log: world.scratch.path("watch-restarted.log"))
        #expect(watcher.wait { (try? world.state())??.lastTarget?.hex == pushed }, "\(watcher.log)")
        let resumed = try #require(try world.state())
        #expect(resumed.lastTargetResult == .succeeded)
        #expect(resumed.stage("firewall").appliedCommit?.hex == pushed)
        #expect(resumed.stage("dns").lastResult?.runID == runID, "dns is not applied twice")
        #expect(watcher.terminate() == 0, "\(watcher.log)")
    }

    @Test func withoutASecretWebhooksAre503AndAnUnreadableSecretFileStopsTheStart() throws {
        let world = try WebhookWorld()
        let watcher = try Self.started(world, secret: false)
        let answer = watcher.post(
            "/hooks/generic",
            body: #"{"ref":"refs/heads/main","before":"\#(String(repeating: "0", count: 40))","after":"\#(String(repeating: "1", count: 40))"}"#,
            headers: ["Content-Type: application/json", "X-Phoenix-Signature: sha256=00"])
        #expect(answer?.status == 503, "\(answer?.body ?? "no answer")")
        #expect(answer?.body.contains("no webhook secret configured") == true)
        #expect(watcher.metric("phoenix_webhook_requests_total", [("provider", "generic"), ("result", "unconfigured")]) == 1)
        #expect(watcher.log.contains("webhooks are answered 503"))
        #expect(watcher.terminate() == 0, "\(watcher.log)")

        // A secret file that is named but cannot be read: a clear error before anything starts.
        let missing = world.scratch.path("no-such.secret")
        let settings = world.scratch.path("missing-secret.json")
        try Data("{\"webhook_secret_file\": \"\(missing.path)\"}\n".utf8).write(to: settings)
        let other = world.scratch.path("other-state")
        let result = try Binary.run(
            ["watch", "--listen", "127.0.0.1:0", "--repo", world.url, "--state-dir", other.path, "--settings", settings.path],
            in: world.scratch.url, environment: [WebhookWorld.secretVariable: world.secret], timeout: 60)
        #expect(result.status != 0 && !result.terminatedBySignal)
        #expect(result.stderr.contains("webhook secret file \(missing.path) cannot be read"), "\(result.stderr)")
        #expect(!result.stderr.contains(world.secret))
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("state.json").path), "nothing ran")

        // Issue #12, L4: a 1-byte secret, or one in a world-readable file, stops the start too.
        let weak = world.scratch.path("weak.secret")
        try Data("a\n".utf8).write(to: weak)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: weak.path)
        let exposed = world.scratch.path("exposed.secret")
        try Data((world.secret + "\n").utf8).write(to: exposed)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: exposed.path)
        for (file, message) in [(weak, "at least 16 are required"), (exposed, "readable by its group or by everyone")] {
            let settings = world.scratch.path("settings-\(file.lastPathComponent).json")
            try Data("{\"webhook_secret_file\": \"\(file.path)\"}\n".utf8).write(to: settings)
            let state = world.scratch.path("state-\(file.lastPathComponent)")
            let refused = try Binary.run(
                ["watch", "--listen", "127.0.0.1:0", "--repo", world.url, "--state-dir", state.path, "--settings", settings.path],
                in: world.scratch.url, environment: [:], timeout: 60)
            #expect(refused.status != 0 && !refused.terminatedBySignal)
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
            #expect(!refused.stderr.contains(world.secret))
            #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("state.json").path), "nothing ran")
        }
    }
}
