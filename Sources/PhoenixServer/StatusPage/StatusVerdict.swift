/// The one-line answer at the top of the status page (and in `status`): how the target stands
/// against the tracked branch. docs/adr/0040-status-page.md gives the precedence.
public enum StatusVerdict: String, Sendable, Hashable, CaseIterable {
    /// Every stage applied the tip, the last drift check (if any) found nothing.
    case inSync = "in sync"
    /// A run is in progress, or the tip has not been reconciled yet.
    case progressing
    /// The last drift check found differences.
    case outOfSync = "out of sync"
    /// A stage failed or the last run ended in error.
    case degraded
    /// The tip was refused (invalid configuration or a rejected signature); the target keeps the last
    /// good commit.
    case refusedTip = "refused tip"
    /// No run has happened yet.
    case unknown
    /// An operator suspended reconciliation (`phoenix-gitops suspend`); nothing is applied until `resume`.
    case suspended

    /// The CSS class of the verdict banner.
    var tone: String {
        switch self {
        case .inSync: "good"
        case .progressing, .unknown: "info"
        case .outOfSync, .suspended: "warn"
        case .degraded, .refusedTip: "bad"
        }
    }
}
