/// What an apply did. An apply that found everything equal reports no writes, removals or commands.
public struct ApplyReport: Sendable, Hashable, Codable {
    /// Files written (their destinations).
    public var written: [ArtifactKey]
    /// Files removed because the render no longer produces them.
    public var removed: [ArtifactKey]
    /// Commands run that change something (restart, reload, deploy, ...), argv redacted. Read-only
    /// probes (`docker node ls`, `nginx -t`) are not listed.
    public var actions: [[String]]
    /// Notes for the operator (e.g. "guest 241 uses DHCP; its route was not rendered").
    public var notes: [String]

    /// Creates a report.
    public init(written: [ArtifactKey] = [], removed: [ArtifactKey] = [], actions: [[String]] = [], notes: [String] = []) {
        self.written = written
        self.removed = removed
        self.actions = actions
        self.notes = notes
    }

    /// Whether the apply changed anything on the target.
    public var changedAnything: Bool { !written.isEmpty || !removed.isEmpty || !actions.isEmpty }

    /// Appends another report's entries.
    public mutating func merge(_ other: ApplyReport) {
        written += other.written
        removed += other.removed
        actions += other.actions
        notes += other.notes
    }
}
