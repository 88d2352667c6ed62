import CoreMetrics

/// A counter writing into a ``RecordingMetricsFactory/Store``.
final class RecordedCounter: CounterHandler {
    let key: String
    let store: RecordingMetricsFactory.Store
    init(key: String, store: RecordingMetricsFactory.Store) {
        self.key = key
        self.store = store
    }
    func increment(by amount: Int64) { store.counters.withLock { $0[key, default: 0] += amount } }
    func reset() { store.counters.withLock { $0[key] = 0 } }
}
