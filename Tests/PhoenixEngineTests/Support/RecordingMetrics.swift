import CoreMetrics
import Synchronization

/// A swift-metrics backend for tests: keeps the last value of every recorder (gauges) by label and
/// dimensions, so a test can read what the engine emitted without bootstrapping the process-wide
/// `MetricsSystem` (which may happen once per process).
final class RecordingMetrics: MetricsFactory, Sendable {
    private let values = Mutex<[String: Double]>([:])

    /// The last value recorded for `label` with `dimensions` (`"state=drifted"`), if any.
    func value(_ label: String, _ dimensions: [(String, String)] = []) -> Double? {
        values.withLock { $0[Self.key(label, dimensions)] }
    }

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: ",")
    }

    fileprivate func set(_ key: String, _ value: Double) {
        values.withLock { $0[key] = value }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(metrics: self, key: Self.key(label, dimensions))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(metrics: self, key: Self.key(label, dimensions))
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(metrics: self, key: Self.key(label, dimensions))
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

/// One series: writes its latest value into the factory.
private final class Handler: CounterHandler, RecorderHandler, TimerHandler, Sendable {
    let metrics: RecordingMetrics
    let key: String

    init(metrics: RecordingMetrics, key: String) {
        self.metrics = metrics
        self.key = key
    }

    func increment(by amount: Int64) { metrics.set(key, (metrics.value(key) ?? 0) + Double(amount)) }
    func reset() { metrics.set(key, 0) }
    func record(_ value: Int64) { metrics.set(key, Double(value)) }
    func record(_ value: Double) { metrics.set(key, value) }
    func recordNanoseconds(_ duration: Int64) { metrics.set(key, Double(duration)) }
}
