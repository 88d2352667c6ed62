import CoreMetrics

/// A gauge (non-aggregating recorder) writing into a ``RecordingMetricsFactory/Store``.
final class RecordedGauge: RecorderHandler {
    let key: String
    let store: RecordingMetricsFactory.Store
    init(key: String, store: RecordingMetricsFactory.Store) {
        self.key = key
        self.store = store
    }
    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) { store.gauges.withLock { $0[key] = value } }
}
