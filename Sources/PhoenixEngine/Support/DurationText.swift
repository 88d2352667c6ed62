import Foundation

/// Durations as people write them on command lines and in settings: `30s`, `5m`, `1h`, `1h30m`,
/// `250ms`. A bare number is refused (is `60` seconds or minutes?), so a typo never becomes an hour.
public enum DurationText {
    /// Parses `text` into seconds.
    /// - Throws: ``DurationTextError`` naming the text and what was expected.
    public static func parse(_ text: String) throws(DurationTextError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw DurationTextError(text: text) }
        var total = 0.0
        var number = ""
        var unit = ""
        var sawPart = false
        func flush() throws(DurationTextError) {
            guard !number.isEmpty, let value = Double(number), value >= 0 else { throw DurationTextError(text: text) }
            let factor: Double
            switch unit {
            case "ms": factor = 0.001
            case "s": factor = 1
            case "m": factor = 60
            case "h": factor = 3600
            case "d": factor = 86400
            default: throw DurationTextError(text: text)
            }
            total += value * factor
            number = ""
            unit = ""
            sawPart = true
        }
        for character in trimmed {
            if character.isNumber || character == "." {
                if !unit.isEmpty { try flush() }
                number.append(character)
            } else if character.isLetter {
                guard !number.isEmpty else { throw DurationTextError(text: text) }
                unit.append(character)
            } else {
                throw DurationTextError(text: text)
            }
        }
        try flush()
        guard sawPart else { throw DurationTextError(text: text) }
        return total
    }

    /// Writes seconds the way ``parse(_:)`` reads them: `45s`, `5m`, `1h30m`, `1.5s`, `250ms`.
    public static func format(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "\(seconds)s" }
        if seconds < 1 {
            return seconds == 0 ? "0s" : "\(Int((seconds * 1000).rounded()))ms"
        }
        if seconds < 60, seconds != seconds.rounded() {
            return "\((seconds * 10).rounded() / 10)s"
        }
        var rest = Int(seconds.rounded())
        var text = ""
        let hours = rest / 3600
        rest %= 3600
        let minutes = rest / 60
        rest %= 60
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 || text.isEmpty { text += "\(rest)s" }
        return text
    }
}
