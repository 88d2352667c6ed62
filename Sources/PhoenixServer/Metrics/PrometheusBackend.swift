import CoreMetrics
public import PhoenixEngine
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

    /// The registry in the Prometheus text exposition format (version 0.0.4).
    public func render() -> String { registry.emitToString() }

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
