extension Duration {
    /// The duration in seconds, as a `Double` (for timeouts handed to C calls, logs and reports).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
