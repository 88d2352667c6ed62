import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PhoenixEngine
import PhoenixReconciler
import PhoenixServer
import PhoenixStages
import PhoenixTesting
import Testing

/// The engine's `ReconcileCoordinator` behind the server's routes (the conformance `watch --listen` uses),
/// with one Prometheus registry for both, as in the daemon.
@Suite struct CoordinatorSeamTests {
    /// A coordinator over a repository path that does not exist (every fetch fails), emitting into `backend`.
    static func coordinator(in scratch: ScratchDirectory, backend: PrometheusBackend) throws -> ReconcileCoordinator {
        var settings = WatcherSettings()
        settings.repo = scratch.path("missing.git").path
        settings.stateDir = scratch.path("state").path
        var logger = Logger(label: "phoenix.seam.test")
        logger.logLevel = .critical
        var configuration = try ReconcilerConfiguration.make(settings: settings, catalogue: .standard, logger: logger)
        configuration.metrics = backend.metrics
        return ReconcileCoordinator(reconciler: Reconciler(configuration), logger: logger)
    }

    static func server(_ coordinator: ReconcileCoordinator, _ backend: PrometheusBackend) throws -> WatcherServer {
        var logger = Logger(label: "phoenix.seam.test")
        logger.logLevel = .critical
        let configuration = WatcherServerConfiguration(
            listen: ListenAddress(host: "127.0.0.1", port: 0), trackedBranch: "main",
            webhookSecret: try WebhookSecret(Array(TestServer.secretText.utf8), origin: "test"))
        return WatcherServer(configuration: configuration, service: coordinator, backend: backend, logger: logger)
    }

    static func sample(_ backend: PrometheusBackend, _ series: String) -> Double? {
        for line in backend.render().split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func beforeTheFirstRunStatusAndReadinessSayWhyAndAWebhookStartsARunCountedOnce() async throws {
        GitTestEnvironment.prepare()
        let scratch = try ScratchDirectory(prefix: "phoenix-seam")
        let backend = PrometheusBackend()
        let coordinator = try Self.coordinator(in: scratch, backend: backend)
        let app = try Self.server(coordinator, backend).makeApplication()
        let body = Array(
            #"{"ref":"refs/heads/main","before":"\#(String(repeating: "0", count: 40))","after":"\#(String(repeating: "1", count: 40))"}"#
                .utf8)

        let runID = try await app.test(.router) { client in
            try await client.execute(uri: "/status", method: .get) { response throws in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("no run has happened yet"))
            }
            try await client.execute(uri: "/readyz", method: .get) { response throws in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("no fetch yet"))
            }
            return try await client.execute(
                uri: "/hooks/generic", method: .post,
                headers: try TestServer.headers(.generic, event: "push", body: body), body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .accepted)
                let reply = try TestServer.reply(response)
                #expect(reply.disposition == "started")
                return try #require(reply.runID)
            }
        }
        let result = await coordinator.result(of: RunID(runID))
        guard case .fetchFailed = result.outcome else {
            Issue.record("expected a fetch failure, got \(result.outcome)")
            return
        }
        #expect(result.report == nil)
        let readiness = await coordinator.readiness()
        #expect(readiness.lastFetchTime != nil)
        #expect(!readiness.lastFetchSucceeded)
        #expect(readiness.stateReadable)
        #expect(readiness.detail?.isEmpty == false)

        // The trigger is counted once (by the coordinator), the run and its fetch too, in the one registry.
        #expect(Self.sample(backend, #"phoenix_triggers_total{source="webhook",disposition="started"}"#) == 1)
        #expect(Self.sample(backend, #"phoenix_webhook_requests_total{provider="generic",result="accepted"}"#) == 1)
        #expect(Self.sample(backend, #"phoenix_runs_total{result="failure"}"#) == 1)
        #expect(Self.sample(backend, #"phoenix_fetches_total{result="failure"}"#) == 1)

        await coordinator.shutdown()
        let refused = await coordinator.trigger(TriggerReason(source: .webhook, provider: .generic))
        #expect(refused.disposition == .refused)
        #expect(Self.sample(backend, #"phoenix_triggers_total{source="webhook",disposition="refused"}"#) == 1)
        #expect(Self.sample(backend, #"phoenix_runs_total{result="failure"}"#) == 1, "a refusal is not a run")
    }

    @Test func aServerReasonBecomesARunTriggerWithoutControlCharacters() {
        let reason = TriggerReason(
            source: .webhook, provider: .gitea, ref: "refs/heads/main",
            commitHint: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", deliveryID: "abc\ninjected: line\u{7}")
        let trigger = RunTrigger(reason)
        #expect(trigger.kind == .webhook)
        #expect(trigger.detail == "gitea refs/heads/main @0d1a26e67d8f delivery abc?injected: line?")
        #expect(RunTrigger(.poll) == RunTrigger(TriggerReason.poll))
        #expect(RunTrigger(TriggerReason(source: .startup)).kind == .startup)
        let long = RunTrigger(TriggerReason(source: .webhook, deliveryID: String(repeating: "x", count: 500)))
        #expect(long.detail == "delivery " + String(repeating: "x", count: 80))
    }
}
