/// An ordered record of what test services did, shared between them.
actor EventLog {
    private(set) var events: [String] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func append(_ event: String) {
        events.append(event)
        let ready = waiters.filter { $0.count <= events.count }
        waiters.removeAll { $0.count <= events.count }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Returns once at least `count` events were recorded.
    func waitFor(count: Int) async {
        if events.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }
}
