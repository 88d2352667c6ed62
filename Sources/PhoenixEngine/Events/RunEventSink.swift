/// Where the engine hands its ``RunEvent``s. An implementation must return at once and never fail:
/// whatever it does with an event (HTTP calls, retries) happens after `record` has returned, so a slow
/// or broken receiver can never block, slow down or fail a run.
public protocol RunEventSink: Sendable {
    /// Takes one event; must not block.
    func record(_ event: RunEvent)
}

/// The default sink: drops every event (commands that send nothing, tests).
public struct NoRunEvents: RunEventSink {
    /// Creates the sink.
    public init() {}

    public func record(_ event: RunEvent) {}
}
