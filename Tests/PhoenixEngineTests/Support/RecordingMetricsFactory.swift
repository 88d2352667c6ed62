import CoreMetrics
import Synchronization

/// A swift-metrics backend that keeps every value in memory, so engine tests read exactly what the engine
/// emitted without bootstrapping the process-wide `MetricsSystem` (once per process, shared by every test).
///
/// Series are keyed `name{label=value,...}` in the order the labels were passed. Counters sum, recorders
/// (gauges) keep the last value, timers keep every duration.
final class RecordingMetricsFactory: MetricsFactory {
    /// The values, shared by every handler this factory made.
    final class Store: Sendable {
        let counters = Mutex<[String: Int64]>([:])
        let gauges = Mutex<[String: Double]>([:])
        let timers = Mutex<[String: [Int64]]>([:])
    }

    let store = Store()

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        dimensions.isEmpty ? label : label + "{" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A counter's total (0 when it was never created).
    func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Int64 {
        store.counters.withLock { $0[Self.key(label, dimensions)] ?? 0 }
    }

    /// The sum of every series of a counter, whatever its labels.
    func counterTotal(_ label: String) -> Int64 {
        store.counters.withLock { counters in
            counters.filter { $0.key == label || $0.key.hasPrefix(label + "{") }.values.reduce(0, +)
        }
    }

    /// A gauge's last value (nil when never recorded).
    func gauge(_ label: String) -> Double? {
        store.gauges.withLock { $0[label] }
    }

    /// How many durations a timer recorded.
    func timerCount(_ label: String) -> Int {
        store.timers.withLock { $0[label]?.count ?? 0 }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        RecordedCounter(key: Self.key(label, dimensions), store: store)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        RecordedGauge(key: Self.key(label, dimensions), store: store)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        RecordedTimer(key: Self.key(label, dimensions), store: store)
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}
