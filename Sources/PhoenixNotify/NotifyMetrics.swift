public import CoreMetrics
import Metrics

/// The delivery metrics, emitted through swift-metrics like ``PhoenixEngine/PhoenixMetrics`` (the
/// daemon's Prometheus backend serves them at `/metrics`).
///
/// `phoenix_notifications_total{channel, result}`: `channel` is `commit_status`, `json`,
/// `slack` or `msteams` (`intake`: events dropped before they became deliveries); `result` is `sent`,
/// `failed` (attempts used up, or an answer that waiting will not change: 401, 403, 404, 422),
/// `dropped` (the queue was full) or `superseded` (a newer status for the same commit replaced one
/// waiting for a retry). `phoenix_notification_queue_depth` is how many
/// deliveries wait.
public struct NotifyMetrics: Sendable {
    /// Counter name.
    public static let deliveries = "phoenix_notifications_total"
    /// Gauge name.
    public static let queueDepth = "phoenix_notification_queue_depth"
    /// Every channel.
    public static let channels = ["commit_status", "json", "slack", "msteams", "intake"]
    /// Every result.
    public static let results = ["sent", "failed", "dropped", "superseded"]

    /// The backend.
    public let factory: any MetricsFactory

    /// Emits through `factory` (default: the process-wide `MetricsSystem`).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Counts one delivery's end.
    public func delivered(channel: String, result: String) {
        Counter(label: Self.deliveries, dimensions: [("channel", channel), ("result", result)], factory: factory)
            .increment()
    }

    /// Sets the queue depth.
    public func depth(_ count: Int) {
        Gauge(label: Self.queueDepth, dimensions: [], factory: factory).record(count)
    }

    /// Creates every series at zero so `/metrics` shows them before the first delivery.
    public func prime() {
        for channel in Self.channels {
            for result in Self.results {
                Counter(label: Self.deliveries, dimensions: [("channel", channel), ("result", result)], factory: factory)
                    .increment(by: 0)
            }
        }
        depth(0)
    }
}
