/// A reconciler that can describe itself for the HTML status page at `GET /`. Kept apart from
/// ``ReconcileService`` so the webhook seam stays as small as it is; a service that does not conform
/// gets a page built from its `/status` JSON being unavailable (503).
public protocol StatusPageSource: Sendable {
    /// The page's content now.
    func statusPage() async throws -> StatusPageModel
}
