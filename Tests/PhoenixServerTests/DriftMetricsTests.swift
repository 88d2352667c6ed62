import Foundation
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import Testing

/// `phoenix_drift_stages` as `/metrics` serves it: one series per state, present before the first
/// check (primed) and set by each check.
@Suite struct DriftMetricsTests {
    @Test func theDriftGaugeHasOneSeriesPerState() async throws {
        let test = try TestServer(service: RecordingReconciler())
        test.backend.prime(stages: ["dns"])
        let primed = try await Self.metrics(test)
        #expect(primed.contains("# TYPE phoenix_drift_stages gauge"))

        test.backend.metrics.driftChecked(inSync: 7, drifted: 1, unknown: 2)
        let text = try await Self.metrics(test)
        #expect(text.contains(#"phoenix_drift_stages{state="in_sync"} 7"#))
        #expect(text.contains(#"phoenix_drift_stages{state="drifted"} 1"#))
        #expect(text.contains(#"phoenix_drift_stages{state="unknown"} 2"#))
    }

    static func metrics(_ test: TestServer) async throws -> String {
        try await test.app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response throws in String(buffer: response.body) }
        }
    }
}
