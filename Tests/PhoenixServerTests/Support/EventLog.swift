/// An ordered record of what test services did, shared between them.
actor EventLog {
    private(set) var events: [String] = []

    func append(_ event: String) { events.append(event) }
}
