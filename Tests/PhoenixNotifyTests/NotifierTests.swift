import Foundation
import MetricsTestKit
import PhoenixEngine
import PhoenixGit
import PhoenixStages
import PhoenixTesting
import Testing

@testable import PhoenixNotify

/// Item 2 (notifications) and item 1's mapping of runs onto commit statuses, through the real
/// transport to a forge stand-in whose `/hooks/<name>` receivers stand for Slack, Teams and a generic
/// JSON endpoint.
@Suite struct NotifierTests {
    final class Rig {
        let world: ForgeWorld
        let notifier: RunNotifier
        let queue: DeliveryQueue
        let task: Task<Void, Never>
        let slackURL: String

        init(provider: ForgeProvider = .github, targets: [(String, NotificationFormat, [NotificationEvent]?)], limit: Int = 64) throws {
            let world = try ForgeWorld(provider)
            self.world = world
            queue = world.queue(limit: limit)
            let slackURL = world.forge.hookURL("T0001/B0002/s3cr3t-slack-path")
            self.slackURL = slackURL
            let resolved = targets.map { name, format, events in
                ResolvedTarget(
                    target: NotificationTarget(name: name, format: format, url: "-", events: events),
                    url: format == .slack ? slackURL : world.forge.hookURL(name))
            }
            notifier = RunNotifier(
                interpreter: EventInterpreter(
                    context: NotifierContext(watcher: "lab", repository: "git://config", branch: "main", statusURL: "https://phoenix.example/status"),
                    now: { Date(timeIntervalSince1970: 1_800_000_200) }),
                forge: world.api, targets: resolved, queue: self.queue, metrics: NotifyMetrics(factory: world.metrics),
                logger: world.logs.logger())
            let notifier = notifier
            task = Task { await notifier.run() }
        }

        func finish() async {
            #expect(await notifier.drain(timeout: .seconds(600)))
            task.cancel()
            await world.close()
        }

        func hooks(_ name: String) -> [[String: Any]] {
            world.forge.requests().filter { $0.path.hasPrefix("/hooks/\(name)") }.compactMap(\.json)
        }

        var statuses: [[String: Any]] {
            world.forge.requests().filter { $0.path.contains("/statuses/") }.compactMap(\.json)
        }
    }

    @Test func aRunSetsPendingThenItsResultWithAOneLineDescription() async throws {
        let rig = try Rig(targets: [])
        let failed = Reports.run(.failed, stages: [(.dns, .succeeded, nil), (.firewall, .failed, "pve-firewall compile failed: line 3")])
        rig.notifier.record(.runStarted(id: failed.id, commit: Reports.commit, trigger: RunTrigger(.webhook)))
        rig.notifier.record(.runFinished(failed, previous: .succeeded, movesTarget: true))
        let invalid = Reports.invalid()
        rig.notifier.record(.runStarted(id: invalid.id, commit: Reports.older, trigger: RunTrigger(.poll)))
        rig.notifier.record(.runFinished(invalid, previous: .failed, movesTarget: true))
        // A self-heal run re-applies an older commit: no status, the tracked commit keeps its own.
        rig.notifier.record(.runFinished(Reports.run(.succeeded, trigger: .drift, stages: [(.dns, .succeeded, nil)]), previous: nil, movesTarget: false))
        await rig.finish()
        let states = rig.statuses.map { "\($0["state"] as? String ?? "?"): \($0["description"] as? String ?? "?")" }
        #expect(states == [
            "pending: applying (trigger: webhook)",
            "failure: 2 stages ran, 1 failed: firewall",
            "pending: applying (trigger: poll)",
            "failure: invalid: config/phoenix_lxc_configs.json:12:17: error: 10.20.0.70 is used twice (duplicate-ip)",
        ])
        #expect(rig.statuses.allSatisfy { $0["context"] as? String == "phoenix-gitops/lab" })
    }

    @Test func eachEventReachesTheTargetsThatWantItInTheirOwnShape() async throws {
        let rig = try Rig(targets: [
            ("generic", .json, nil),
            ("ops-slack", .slack, [.runFailed, .runRecovered, .tipRefused]),
            ("teams", .msteams, [.driftDetected, .driftHealed, .selfHealStopped, .certificateRenewed]),
        ])
        let failed = Reports.run(.failed, stages: [(.dns, .failed, "dnsmasq --test: syntax error at line 4")])
        rig.notifier.record(.runFinished(failed, previous: .succeeded, movesTarget: true))
        rig.notifier.record(.runFinished(Reports.run(.succeeded, stages: [(.dns, .succeeded, nil)]), previous: .failed, movesTarget: true))
        // A second success is not a recovery: no message.
        rig.notifier.record(.runFinished(Reports.run(.succeeded, stages: [(.dns, .succeeded, nil)]), previous: .succeeded, movesTarget: true))
        rig.notifier.record(.runFinished(Reports.invalid(), previous: .succeeded, movesTarget: true))
        let drift = Reports.drift(items: ["etc/dnsmasq.d/00-phoenix-internal.conf"])
        rig.notifier.record(.driftDetected(drift))
        rig.notifier.record(.driftDetected(drift))  // the same event twice: one message
        rig.notifier.record(.runFinished(Reports.run(.succeeded, trigger: .drift, stages: [(.dns, .succeeded, nil)]), previous: nil, movesTarget: false))
        let suspension = HealSuspension(stage: .dns, commit: Reports.commit, object: "host:etc/hosts", repairs: 3, since: Date(timeIntervalSince1970: 1_800_000_000))
        rig.notifier.record(.selfHealStopped(suspension, message: "self-heal stopped for dns: host:etc/hosts drifted again", check: "c1"))
        rig.notifier.record(.selfHealStopped(suspension, message: "self-heal stopped for dns: host:etc/hosts drifted again", check: "c2"))
        rig.notifier.record(.runFinished(Reports.run(.succeeded, trigger: .time, stages: [(.certificates, .succeeded, nil)]), previous: nil, movesTarget: false))
        await rig.finish()

        let generic = rig.hooks("generic")
        #expect(generic.map { $0["event"] as? String ?? "?" } == [
            "run-failed", "run-recovered", "tip-refused", "drift-detected", "drift-healed", "self-heal-stopped", "certificate-renewed",
        ])
        let runFailed = try #require(generic.first)
        #expect(runFailed["format"] as? String == "phoenix-notification")
        #expect(runFailed["commit"] as? String == Reports.commit.hex)
        #expect(runFailed["reason"] as? String == "dns: dnsmasq --test: syntax error at line 4")
        #expect((runFailed["title"] as? String)?.hasPrefix("run failed at 1f2e3d4") == true)
        let stages = try #require(runFailed["stages"] as? [[String: Any]])
        #expect(stages.first?["stage"] as? String == "dns" && stages.first?["result"] as? String == "failed")
        #expect(generic.dropFirst(2).first?["reason"] as? String == "config/phoenix_lxc_configs.json:12:17: error: 10.20.0.70 is used twice (duplicate-ip)")

        let slack = rig.hooks("T0001")
        #expect(slack.count == 3)
        let first = try #require(slack.first)
        #expect((first["text"] as? String)?.hasPrefix("run failed at 1f2e3d4") == true)
        let attachment = try #require((first["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["color"] as? String == "danger")
        #expect(attachment["text"] as? String == "dns: dnsmasq --test: syntax error at line 4")
        #expect((attachment["fields"] as? [[String: Any]])?.contains { $0["title"] as? String == "Commit" && ($0["value"] as? String)?.hasPrefix("1f2e3d4 add Webhook-Box") == true } == true)

        let teams = rig.hooks("teams")
        #expect(teams.count == 4)
        let card = try #require(teams.first)
        #expect(card["type"] as? String == "message")
        let content = try #require((card["attachments"] as? [[String: Any]])?.first)
        #expect(content["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let adaptive = try #require(content["content"] as? [String: Any])
        #expect(adaptive["type"] as? String == "AdaptiveCard" && adaptive["version"] as? String == "1.4")
        let body = try #require(adaptive["body"] as? [[String: Any]])
        #expect(body.first?["text"] as? String == "drift detected: dns")
        #expect(body.dropFirst().first?["text"] as? String == "host:etc/dnsmasq.d/00-phoenix-internal.conf: contents differ from what was applied")

        #expect(rig.world.count("json", "sent") == 7)
        #expect(rig.world.count("slack", "sent") == 3)
        #expect(rig.world.count("msteams", "sent") == 4)
        // The Slack URL carries its secret in the path: never logged.
        #expect(!rig.world.logs.all.contains { $0.contains("s3cr3t-slack-path") })
        #expect(rig.world.tokenNeverLogged)
    }

    @Test func theQueueIsBoundedDropsTheOldestAndCountsIt() async throws {
        let world = try ForgeWorld(.gitea)
        let queue = world.queue(limit: 8)
        // Nothing is sending yet: the queue fills, then every further delivery drops the oldest waiting one.
        for index in 0..<50 {
            await queue.enqueue(Delivery(
                key: "k\(index)", channel: "json", label: "n\(index)",
                request: OutboundRequest(method: "POST", url: world.forge.hookURL("n\(index)"), body: Data("{}".utf8))))
        }
        #expect(await queue.depth == 8)
        #expect(world.count("json", "dropped") == 42)
        await world.withRunning(queue) { #expect(await queue.drain(timeout: .seconds(600))) }
        await world.close()
        #expect(world.forge.requests().map(\.path) == (42..<50).map { "/hooks/n\($0)" })
        #expect(world.count("json", "sent") == 8)
    }

    @Test func aNewerStatusOfTheSameCommitSupersedesOneWaitingForARetry() async throws {
        let world = try ForgeWorld(.gitlab)
        try world.forge.fail([.init(status: 503, headers: ["Retry-After": "30"], body: #"{"message": "503"}"#)])
        let queue = world.queue()
        await world.withRunning(queue) {
            let status = { (state: CommitState) in
                try! world.api.statusRequest(CommitStatus(sha: Reports.commit.hex, state: state, description: "d", context: "phoenix-gitops/lab"))
            }
            await queue.enqueue(Delivery(key: "p", supersedes: "status:x", channel: "commit_status", label: "pending", request: status(.pending)))
            // Wait (bounded) until the pending status met its 503 and waits 30 s for its retry.
            let deadline = ContinuousClock.now + .seconds(120)
            while world.forge.requests().isEmpty, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            await queue.enqueue(Delivery(key: "s", supersedes: "status:x", channel: "commit_status", label: "success", request: status(.success)))
            #expect(await queue.drain(timeout: .seconds(600)))
        }
        await world.close()
        #expect(world.forge.requests().compactMap { $0.json?["state"] as? String } == ["running", "success"])
        #expect(world.count("commit_status", "superseded") == 1)
        #expect(world.count("commit_status", "sent") == 1)
    }
}
