/// What asked for a run. Triggers that arrive while a run is busy collapse into one follow-up run,
/// which lists them all.
public struct RunTrigger: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind of trigger.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The poll timer of `watch`.
        case poll
        /// A webhook request (detail: provider and delivery id).
        case webhook
        /// `phoenix-gitops apply`.
        case apply
        /// The first run after `watch` started.
        case startup
        /// `phoenix-gitops rollback` created a commit.
        case rollback
        /// Anything else a library user calls it for.
        case manual
        /// A drift check: its record of drift found, or a self-heal re-apply from a stage's watermark.
        case drift
        /// A time-driven run (the certificates stage renewing entries nearing expiry), no commit needed.
        case time
        /// `phoenix-gitops suspend` (detail: who and why).
        case suspend
        /// `phoenix-gitops resume` (detail: who and why).
        case resume
    }

    /// The kind.
    public var kind: Kind
    /// Free text (no secrets): `github delivery 1234`, `rollback of abc1234`.
    public var detail: String?

    /// Creates a trigger.
    public init(_ kind: Kind, detail: String? = nil) {
        self.kind = kind
        self.detail = detail
    }

    /// `poll`, `webhook (github delivery 12)`.
    public var description: String { detail.map { "\(kind.rawValue) (\($0))" } ?? kind.rawValue }
}
