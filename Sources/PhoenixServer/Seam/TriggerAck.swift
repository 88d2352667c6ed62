/// The reconciler's answer to a trigger: which run will pick it up, and how.
public struct TriggerAck: Sendable, Hashable, Codable {
    /// What the reconciler did with the trigger.
    public enum Disposition: String, Sendable, Hashable, Codable, CaseIterable {
        /// No run was in progress: this one starts now.
        case started
        /// A run is in progress: a new run is queued behind it.
        case queued
        /// A run is in progress and one is already queued: the trigger joins the queued run, which will
        /// fetch the newest commit anyway.
        case coalesced
        /// The reconciler takes no more work (it is shutting down). No run will happen.
        case refused
    }

    /// The id of the run that will pick up the trigger (empty for ``Disposition/refused``).
    public var runID: String
    /// What the reconciler did with the trigger.
    public var disposition: Disposition
    /// Why, for ``Disposition/refused``; otherwise optional detail.
    public var message: String?

    /// Creates an answer.
    public init(runID: String, disposition: Disposition, message: String? = nil) {
        self.runID = runID
        self.disposition = disposition
        self.message = message
    }

    /// True when some run will pick up the trigger.
    public var accepted: Bool { disposition != .refused }
}
