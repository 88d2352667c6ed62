import CoreMetrics

/// A timer writing into a ``RecordingMetricsFactory/Store``.
final class RecordedTimer: TimerHandler {
    let key: String
    let store: RecordingMetricsFactory.Store
    init(key: String, store: RecordingMetricsFactory.Store) {
        self.key = key
        self.store = store
    }
    func recordNanoseconds(_ duration: Int64) { store.timers.withLock { $0[key, default: []].append(duration) } }
}
