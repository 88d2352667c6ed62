import Foundation
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import Testing

@Suite struct HealthRoutesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func readiness(ago seconds: Double, ok: Bool, state: Bool) -> Readiness {
        Readiness(lastFetchTime: now.addingTimeInterval(-seconds), lastFetchSucceeded: ok, stateReadable: state)
    }

    func get(_ uri: String, _ reconciler: RecordingReconciler) async throws -> (HTTPResponse.Status, String, String?) {
        let test = try TestServer(service: reconciler, now: { Self.now })
        return try await test.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response throws in
                (response.status, String(buffer: response.body), response.headers[.contentType])
            }
        }
    }

    @Test func healthzAnswersWhileTheProcessServes() async throws {
        let (status, body, _) = try await get("/healthz", RecordingReconciler())
        #expect(status == .ok)
        #expect(body == "ok\n")
    }

    @Test(arguments: [
        (readiness(ago: 30, ok: true, state: true), 200, ""),
        (Readiness(lastFetchTime: nil, lastFetchSucceeded: false, stateReadable: true), 503, "no fetch yet"),
        (readiness(ago: 30, ok: false, state: true), 503, "last fetch failed"),
        (readiness(ago: 3600, ok: true, state: true), 503, "last fetch 3600 s ago"),
        (readiness(ago: 30, ok: true, state: false), 503, "state not readable"),
    ])
    func readyzFollowsTheLastFetchAndTheState(readiness: Readiness, expected: Int, problem: String) async throws {
        let (status, body, type) = try await get("/readyz", RecordingReconciler(readiness: readiness))
        #expect(status.code == expected)
        #expect(type == "application/json")
        let report = try JSONDecoder().decode([String: String].self, from: Data(body.utf8))
        #expect(report["ready"] == (expected == 200 ? "true" : "false"))
        if !problem.isEmpty { #expect(report["problems"]?.contains(problem) == true, "\(report)") }
    }

    @Test func statusServesTheReconcilersJSON() async throws {
        let document = #"{"stages":{"dns":{"last_applied":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","result":"success"}}}"#
        let (status, body, type) = try await get("/status", RecordingReconciler(status: Data(document.utf8)))
        #expect(status == .ok)
        #expect(type == "application/json")
        #expect(body == document)
    }

    @Test func unreadableStatusIs503() async throws {
        let (status, body, _) = try await get("/status", RecordingReconciler(status: nil))
        #expect(status == .serviceUnavailable)
        #expect(body.contains("state.json unreadable"))
    }

    @Test func metricsListEveryFamilyInPrometheusTextFormat() async throws {
        let test = try TestServer(service: RecordingReconciler())
        test.backend.prime(stages: ["dns", "firewall"])
        // What the engine will emit, through the same swift-metrics API.
        let metrics = test.backend.metrics
        metrics.runFinished(result: PhoenixMetrics.Result.success, duration: .seconds(42))
        metrics.stageFinished(stage: "dns", result: PhoenixMetrics.Result.failure)
        metrics.fetchFinished(succeeded: true, duration: .milliseconds(120))
        metrics.lastAppliedCommit(at: Date(timeIntervalSince1970: 1_700_000_000))
        metrics.stagesFailing(1)
        let (text, type) = try await test.app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response throws in
                (String(buffer: response.body), response.headers[.contentType])
            }
        }
        #expect(type?.hasPrefix("text/plain; version=0.0.4") == true)
        for name in PhoenixMetrics.Name.all where name != PhoenixMetrics.Name.triggers {
            #expect(text.contains("# TYPE \(name) "), "missing family \(name)")
        }
        #expect(text.contains(#"phoenix_runs_total{result="success"} 1"#))
        #expect(text.contains(#"phoenix_stage_runs_total{stage="dns",result="failure"} 1"#))
        #expect(text.contains(#"phoenix_stage_runs_total{stage="firewall",result="success"} 0"#))
        #expect(text.contains(#"phoenix_webhook_requests_total{provider="gitlab",result="unauthorized"} 0"#))
        #expect(text.contains(#"phoenix_run_duration_seconds_bucket{le="60.0"} 1"#))
        #expect(text.contains(#"phoenix_run_duration_seconds_bucket{le="30.0"} 0"#))
        #expect(text.contains("phoenix_last_applied_commit_timestamp_seconds 1700000000"))
        #expect(text.contains("phoenix_stages_failing 1"))
    }
}
