/// A duration that is not written `<number><unit>` with unit ms, s, m, h or d.
public struct DurationTextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was given.
    public var text: String

    public var description: String {
        "'\(text)' is not a duration; write it like 30s, 5m, 1h or 1h30m"
    }
}
