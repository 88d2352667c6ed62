import Foundation
import Logging
import MetricsTestKit
import PhoenixEngine
import PhoenixTesting

@testable import PhoenixNotify

/// One contract test's world: a forge stand-in for `provider`, the real transport, a queue with fast
/// retries, test metrics and a log capture.
final class ForgeWorld {
    let scratch: ScratchDirectory
    let forge: ForgeStandIn
    let token: String
    /// The transport waits up to 120 s per request: the whole suite on two shared cores stalled the stand-in
    /// past 10 s, and the commenter then (rightly) retried, which these tests would count as a second request.
    let transport = AsyncHTTPTransport(timeout: .seconds(120), proxies: ProxyEnvironment(environment: [:]))
    let metrics = TestMetrics()
    let logs = LogCapture()
    let api: ForgeAPI
    let provider: ForgeProvider

    /// The repository each provider serves (GitLab: a nested project path, to check its encoding).
    static func repository(_ provider: ForgeProvider) -> String {
        provider == .gitlab ? "infra/phoenix/config" : "infra/phoenix-config"
    }

    init(_ provider: ForgeProvider) throws {
        self.provider = provider
        scratch = try ScratchDirectory(prefix: "phoenix-forge")
        token = "tok-" + UUID().uuidString.lowercased()
        forge = try ForgeStandIn(
            provider: provider.rawValue, token: token, repository: Self.repository(provider),
            folder: scratch.path("forge"))
        api = ForgeAPI(provider: provider, baseURL: forge.apiURL, repository: Self.repository(provider), token: token)
    }

    /// A queue over the real transport, retrying after 10 ms (doubling).
    func queue(maxAttempts: Int = 4, limit: Int = 64) -> DeliveryQueue {
        DeliveryQueue(
            transport: transport, limit: limit, maxAttempts: maxAttempts,
            timing: RetryTiming(baseSeconds: 0.01, maxSeconds: 0.05), metrics: NotifyMetrics(factory: metrics),
            logger: logs.logger())
    }

    /// `phoenix_notifications_total{channel, result}`.
    func count(_ channel: String, _ result: String) -> Int64 {
        (try? metrics.expectCounter(NotifyMetrics.deliveries, [("channel", channel), ("result", result)]).totalValue) ?? 0
    }

    /// Runs `body` with the queue's worker running, then stops it and closes the transport.
    func withRunning<R>(_ queue: DeliveryQueue, _ body: () async throws -> R) async rethrows -> R {
        let worker = Task { await queue.run() }
        let result = try await body()
        worker.cancel()
        await worker.value
        return result
    }

    func close() async { await transport.shutdown() }

    /// No log line holds the token.
    var tokenNeverLogged: Bool { !logs.all.contains { $0.contains(token) } }
}
