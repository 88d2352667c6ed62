import Foundation

/// How figures are written in the result table.
enum Format {
    /// A duration with a unit that keeps 3 significant digits (`812 µs`, `4.21 ms`, `1.30 s`).
    static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<0.000_001: return String(format: "%.0f ns", seconds * 1e9)
        case ..<0.001: return String(format: "%.0f µs", seconds * 1e6)
        case ..<0.01: return String(format: "%.2f ms", seconds * 1e3)
        case ..<1: return String(format: "%.1f ms", seconds * 1e3)
        default: return String(format: "%.2f s", seconds)
        }
    }

    /// A median with its range: `4.21 ms (3.9–5.0)`.
    static func median(_ samples: Samples) -> String {
        guard samples.count > 1 else { return duration(samples.median) }
        return "\(duration(samples.median)) (\(duration(samples.minimum))–\(duration(samples.maximum)))"
    }

    /// A ratio `baseline / ours` as `12.3×`; below 1 it reads as a loss (`0.42×`).
    static func ratio(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return value >= 10 ? String(format: "%.0f×", value) : String(format: "%.2f×", value)
    }

    /// Bytes as `1.2 MB` / `340 kB` / `512 B` (decimal units).
    static func bytes(_ value: Double) -> String {
        switch abs(value) {
        case ..<1_000: return String(format: "%.0f B", value)
        case ..<1_000_000: return String(format: "%.1f kB", value / 1e3)
        case ..<1_000_000_000: return String(format: "%.1f MB", value / 1e6)
        default: return String(format: "%.2f GB", value / 1e9)
        }
    }

    /// An integer with thousands separators (`10,000`).
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }
}
