import Foundation

/// Reconciliation stopped by an operator (`phoenix-gitops suspend`) until `resume`: polls, webhooks,
/// self-heal and time-driven certificate runs apply nothing meanwhile, and `apply` and `rollback` refuse
/// (docs/adr/0045-operator-controls-in-the-run.md). Not to be confused with ``HealSuspension``, the anti-flapping
/// guard's automatic stop of one stage's self-heal.
public struct Suspension: Sendable, Hashable, Codable {
    /// Who suspended it (`Name <email>`, from `--author` or their git identity).
    public var by: String
    /// Why, in their words (no secrets: it goes on the status branch).
    public var reason: String
    /// When.
    public var since: Date
    /// The status-branch record of the suspension.
    public var runID: RunID

    /// Creates a suspension.
    public init(by: String, reason: String, since: Date, runID: RunID) {
        self.by = by
        self.reason = reason
        self.since = since
        self.runID = runID
    }

    /// `suspended by Ada <ada@example.org> since 2026-12-05T10:00:00Z: maintenance window`.
    public var summary: String {
        "suspended by \(by) since \(Timestamp.format(since))" + (reason.isEmpty ? "" : ": \(reason)")
    }

    enum CodingKeys: String, CodingKey {
        case by, reason, since
        case runID = "run_id"
    }
}
