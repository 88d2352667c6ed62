import Foundation

/// Repeated measurements of one quantity, summarised by their median (robust against the odd slow
/// run on a shared machine) with the minimum and maximum for context.
struct Samples {
    /// The measurements, in the order taken.
    private(set) var values: [Double] = []

    /// Adds one measurement.
    mutating func add(_ value: Double) { values.append(value) }

    /// The median (the mean of the two middle values for an even count); 0 when empty.
    var median: Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The smallest measurement; 0 when empty.
    var minimum: Double { values.min() ?? 0 }
    /// The largest measurement; 0 when empty.
    var maximum: Double { values.max() ?? 0 }
    /// How many were taken.
    var count: Int { values.count }

    /// Times `body` `count` times (after `warmUp` untimed runs), in seconds.
    static func time(count: Int, warmUp: Int = 1, _ body: () throws -> Void) rethrows -> Samples {
        for _ in 0..<warmUp { try body() }
        var samples = Samples()
        let clock = ContinuousClock()
        for _ in 0..<max(1, count) {
            let start = clock.now
            try body()
            samples.add((clock.now - start).seconds)
        }
        return samples
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
