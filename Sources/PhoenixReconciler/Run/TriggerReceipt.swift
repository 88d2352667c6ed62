import PhoenixEngine
/// What ``ReconcileCoordinator/submit(_:options:)`` did with a trigger: which run will serve it and how.
public struct TriggerReceipt: Sendable, Hashable {
    /// How the trigger was taken.
    public enum Disposition: String, Sendable, Hashable, Codable, CaseIterable {
        /// No run was in progress: a run starts now.
        case started
        /// A run is in progress: a follow-up run is queued behind it.
        case queued
        /// A run is in progress and a follow-up is already queued: the trigger joins it.
        case coalesced
        /// The coordinator is shutting down: no run will serve the trigger.
        case refused
    }

    /// The run that serves the trigger (for `refused`, an id whose result is `failedToStart`).
    public var runID: RunID
    /// How the trigger was taken.
    public var disposition: Disposition
    /// Why, for `refused`.
    public var message: String?

    /// Creates a receipt.
    public init(runID: RunID, disposition: Disposition, message: String? = nil) {
        self.runID = runID
        self.disposition = disposition
        self.message = message
    }

    /// Whether the reconciler took it (started, queued or coalesced into a queued run).
    public var accepted: Bool { disposition != .refused }
}
