import Foundation
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import PhoenixTesting
import Testing

/// `/metrics` passes Prometheus' own linter (`promtool check metrics`, Debian's `prometheus` package):
/// every family has `# HELP`, plus the build-info and per-stage state gauges.
@Suite struct MetricsLintTests {
    static let model = StatusPageModel(
        watcher: "w", repository: "r", branch: "main", lastTargetResult: "failed",
        stages: [.init(id: "dns", result: "succeeded"), .init(id: "swarm", result: "failed"), .init(id: "certificates")],
        generatedAt: Date(timeIntervalSince1970: 1_800_000_000))

    func scrape(_ test: TestServer) async throws -> String {
        try await test.app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response throws in String(buffer: response.body) }
        }
    }

    @Test func everyFamilyHasHelpAndPromtoolIsClean() async throws {
        let test = try TestServer(service: PageReconciler(model: Self.model))
        test.backend.prime(stages: ["dns", "swarm"])
        let metrics = test.backend.metrics
        metrics.runFinished(result: PhoenixMetrics.Result.success, duration: .seconds(3))
        metrics.fetchFinished(succeeded: true, duration: .milliseconds(80))
        metrics.lastAppliedCommit(at: Date(timeIntervalSince1970: 1_700_000_000))
        metrics.stagesFailing(1)
        metrics.driftChecked(inSync: 2, drifted: 0, unknown: 1)
        metrics.triggered(source: "poll", disposition: "started")
        let text = try await scrape(test)
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
        #expect(types.count >= 12)
        for line in types {
            let name = line.split(separator: " ")[2]
            #expect(text.contains("# HELP \(name) "), "no HELP for \(name)")
        }
        #expect(text.contains(#"phoenix_build_info{version=""#))
        #expect(text.contains(#"libgit2="1."#))
        #expect(text.contains(#"phoenix_stage_state{stage="swarm",state="failed"} 1"#))
        #expect(text.contains(#"phoenix_stage_state{stage="swarm",state="succeeded"} 0"#))
        #expect(text.contains(#"phoenix_stage_state{stage="certificates",state="never-run"} 1"#))
        #expect(text.contains("\nphoenix_suspended 0"), "phoenix_suspended (ADR 0045)")

        let promtool = try #require(
            ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "promtool is not installed (Debian's prometheus package; scripts/bootstrap installs it)")
        let check = try TestProcess.run(promtool, ["check", "metrics"], input: Data(text.utf8))
        #expect(check.succeeded, "promtool: \(check.stdout)\(check.stderr)")
    }

    @Test func suspendedGaugeFollowsTheState() async throws {
        var model = Self.model
        model.suspension = "suspended by Ada since 2026-12-05T10:00:00Z: maintenance"
        let test = try TestServer(service: PageReconciler(model: model))
        let text = try await scrape(test)
        #expect(text.contains("# HELP phoenix_suspended 1 while an operator has suspended reconciliation"))
        #expect(text.contains("\nphoenix_suspended 1"), "\(text)")
    }

    @Test func helpIsAddedOnlyWhereMissing() {
        let backend = PrometheusBackend()
        backend.recordBuildInfo(version: "9.9.9", libgit2: "1.5.1")
        let text = backend.render()
        #expect(text.components(separatedBy: "# HELP phoenix_build_info ").count == 2)
        #expect(text.contains(#"phoenix_build_info{version="9.9.9",libgit2="1.5.1"} 1"#))
    }
}
