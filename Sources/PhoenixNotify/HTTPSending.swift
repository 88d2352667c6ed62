/// Sends one HTTP request. ``AsyncHTTPTransport`` is the real one; tests may wrap it to observe calls.
public protocol HTTPSending: Sendable {
    /// Sends `request` and returns the answer; throws on connection errors and timeouts.
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}
