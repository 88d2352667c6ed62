import CoreMetrics
import PhoenixCore
public import PhoenixEngine
import PhoenixGit
public import Prometheus

/// The Prometheus registry behind `GET /metrics`, and the swift-metrics factory that feeds it.
///
/// Tests make one per test (`PrometheusBackend()`) and pass ``metrics`` around; only the daemon calls
/// ``bootstrapProcessWide()``, because `MetricsSystem.bootstrap` may run once per process (a second call
/// traps).
public struct PrometheusBackend: Sendable {
    /// The registry the server renders.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory writing into ``registry``, with run-sized histogram buckets.
    public let factory: PrometheusMetricsFactory

    /// Buckets for run and fetch durations: a fetch takes well under a second, a run with a Docker
    /// deploy can take minutes, so the default (5 ms … 10 s) would put every run in `+Inf`.
    public static let durationBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
        .seconds(300), .seconds(600), .seconds(1800),
    ]

    /// A backend with its own registry (or the one given).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            PhoenixMetrics.Name.runDuration: Self.durationBuckets,
            PhoenixMetrics.Name.fetchDuration: Self.durationBuckets,
        ]
        self.factory = factory
    }

    /// The phoenix metrics, emitting into this backend.
    public var metrics: PhoenixMetrics { PhoenixMetrics(factory: factory) }

    /// The registry in the Prometheus text exposition format (version 0.0.4), every family with its
    /// `# HELP` line (``MetricsHelp``).
    public func render() -> String { MetricsHelp.annotate(registry.emitToString()) }

    /// `phoenix_build_info{version,libgit2} 1`: which build answers, for dashboards and alerts on a mixed fleet.
    public func recordBuildInfo() { recordBuildInfo(version: PhoenixCoreInfo.version, libgit2: Libgit2.version) }

    /// `phoenix_build_info` with the given labels.
    public func recordBuildInfo(version: String, libgit2: String) {
        registry.makeGauge(
            name: "phoenix_build_info", labels: [("version", version), ("libgit2", libgit2)],
            help: MetricsHelp.text["phoenix_build_info"] ?? ""
        ).set(Int64(1))
    }

    /// The results a stage can be in, for `phoenix_stage_state` (`never-run` before its first run).
    public static let stageStates = ["succeeded", "up-to-date", "failed", "skipped", "not-run", "not-applicable", "held", "never-run"]

    /// Sets `phoenix_stage_state{stage,state}` one-hot from each stage's last result. Called on every
    /// scrape from the state on disk, so it never lags a run.
    public func recordStages(_ results: [(stage: String, result: String?)]) {
        let help = MetricsHelp.text["phoenix_stage_state"] ?? ""
        for (stage, result) in results {
            let current = result ?? "never-run"
            for state in Self.stageStates {
                registry.makeGauge(name: "phoenix_stage_state", labels: [("stage", stage), ("state", state)], help: help)
                    .set(Int64(state == current ? 1 : 0))
            }
        }
    }

    /// Sets `phoenix_suspended` to 1 while an operator has suspended reconciliation, else 0. Called on
    /// every scrape from the state on disk (`suspend` runs in another process).
    public func recordSuspended(_ suspended: Bool) {
        registry.makeGauge(name: "phoenix_suspended", labels: [], help: MetricsHelp.text["phoenix_suspended"] ?? "")
            .set(Int64(suspended ? 1 : 0))
    }

    /// Makes this backend the process-wide `MetricsSystem` factory, so the engine's default
    /// `PhoenixMetrics()` (and any library using swift-metrics) reports here. Call once, from `main`.
    public func bootstrapProcessWide() {
        MetricsSystem.bootstrap(factory)
    }

    /// Creates the series `/metrics` should show before the first event (see ``PhoenixMetrics/prime``).
    public func prime(stages: [String] = []) {
        metrics.prime(
            stages: stages, providers: WebhookProvider.allCases.map(\.rawValue),
            webhookResults: WebhookOutcome.Result.allCases.map(\.rawValue))
    }
}
