import PhoenixReconciler
/// The JSON body of every webhook answer: what happened, in words a person and a script can read.
public struct WebhookReply: Sendable, Hashable, Codable {
    /// `queued`, `pong`, `ignored: branch`, `ignored: event`, `ignored: deleted`, `unauthorized`,
    /// `too large`, `malformed`, `unavailable`.
    public var result: String
    /// The run that will pick up the push, for `queued`.
    public var runID: String?
    /// `started`, `queued` or `coalesced` (see `TriggerReceipt.Disposition`), for `queued`.
    public var disposition: String?
    /// More words (the ignored ref or event, what is malformed).
    public var detail: String?

    /// Creates a reply.
    public init(result: String, runID: String? = nil, disposition: String? = nil, detail: String? = nil) {
        self.result = result
        self.runID = runID
        self.disposition = disposition
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case result, disposition, detail
        case runID = "run_id"
    }
}
