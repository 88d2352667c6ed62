/// Durations as Step and Go write them: one or more `<number><unit>` parts, units `h`, `m`, `s`
/// (`8h`, `1h30m`, `90s`, `1.5h`). Used for `step_ca.renew_before`.
enum StepDuration {
    /// The duration in seconds, or nil when `text` is not such a duration or is not positive.
    static func seconds(_ text: String) -> Double? {
        var total = 0.0
        var number = ""
        var sawPart = false
        for character in text {
            switch character {
            case "0"..."9", ".":
                number.append(character)
            case "h", "m", "s":
                guard let value = Double(number), !number.hasPrefix("."), !number.hasSuffix(".") else { return nil }
                total += value * (character == "h" ? 3600 : character == "m" ? 60 : 1)
                number = ""
                sawPart = true
            default:
                return nil
            }
        }
        guard sawPart, number.isEmpty, total > 0, total.isFinite else { return nil }
        return total
    }
}
