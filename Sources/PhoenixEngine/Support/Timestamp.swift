import Foundation

/// UTC timestamps as written in state and status files, and the compact form used in file names.
///
/// Both forms are computed from the same whole number of milliseconds (rounded to nearest), so a
/// date that went through state.json and back gives the same text and the same `runs/` file name:
/// the status ledger's "already recorded?" check depends on that.
public enum Timestamp {
    /// `2026-11-26T15:49:57.123Z`.
    public static func format(_ date: Date) -> String {
        let (c, milliseconds) = components(date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0, milliseconds)
    }

    /// Reads ``format(_:)``'s output, and whole-second ISO 8601 too.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// `20261126T154957.123Z`: sortable, safe in file names.
    public static func compact(_ date: Date) -> String {
        let (c, milliseconds) = components(date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02d.%03dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0, milliseconds)
    }

    /// The UTC calendar fields of the whole second, and the milliseconds.
    private static func components(_ date: Date) -> (DateComponents, Int) {
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = total / 1000
        var milliseconds = total % 1000
        if milliseconds < 0 {
            milliseconds += 1000
            seconds -= 1
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        return (c, Int(milliseconds))
    }
}
