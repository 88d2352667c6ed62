import PhoenixCore
import PhoenixGit
import PhoenixStages

/// The plan for one stage: its decision, why, and what its run would change.
public struct StagePlan: Sendable {
    /// What the decision was compared with.
    public enum Comparison: String, Sendable, Hashable, Codable {
        /// Nothing was rendered (`skip-unaffected`).
        case none
        /// The digests the stage last applied (from the reconciler's state).
        case applied
        /// The stage's render at its base commit (no applied record yet).
        case baseRender = "base-render"
    }

    /// The stage.
    public var id: StageID
    /// One line on what the stage does.
    public var summary: String
    /// The commit the stage was planned from (nil: the empty tree).
    public var base: ObjectID?
    /// Run or skip, and which skip.
    public var decision: StageDecision
    /// Every changed input the stage reads (one per changed pointer or stack file, first matching rule).
    public var reasons: [StageReason]
    /// What the decision compared the new render with.
    public var comparison: Comparison
    /// The artifacts a run would add, modify or remove (empty when skipped).
    public var artifacts: [ArtifactChange]
    /// The render at the target (nil for `skip-unaffected`): the reconciler applies exactly this.
    public var render: Render?
    /// For `not-applicable`: why (the missing guest or role, or the dependency that is not applicable).
    public var notApplicableReason: String?
    /// In a Proxmox cluster, where the stage's host-level work runs ("node pve1", "every node (pve1, pve2)",
    /// "the cluster file system (/etc/pve), once"); nil on a single host.
    public var nodes: String?
    /// Causes that are no changed input, one line each: what the reconciler re-applies at a watermark
    /// (a drifted file, a certificate due for renewal) or why others wait.
    public var notes: [String]

    /// Creates a stage plan.
    public init(
        id: StageID, summary: String, base: ObjectID?, decision: StageDecision, reasons: [StageReason],
        comparison: Comparison, artifacts: [ArtifactChange], render: Render?, notApplicableReason: String? = nil,
        notes: [String] = []
    ) {
        self.notApplicableReason = notApplicableReason
        self.notes = notes
        self.id = id
        self.summary = summary
        self.base = base
        self.decision = decision
        self.reasons = reasons
        self.comparison = comparison
        self.artifacts = artifacts
        self.render = render
    }

    /// The render's findings at the target (empty when not rendered).
    public var diagnostics: [Diagnostic] { render?.diagnostics ?? [] }

    /// Whether the stage would run with a render that has errors (it would fail: the plan is an error).
    public var isBlocked: Bool { decision == .run && (render?.hasErrors ?? false) }

    /// Why, one line per cause, as the run report, the ledger and `status` give it: why it is not
    /// applicable, each changed input with its rule, the notes; a default line when there is none of these.
    public var explanation: [String] {
        let lines = (notApplicableReason.map { ["not applicable: \($0)"] } ?? []) + reasons.map(\.summary) + notes
        guard lines.isEmpty else { return lines }
        switch decision {
        case .skipUnaffected:
            return base.map { ["nothing it reads changed since \($0.short)"] } ?? ["nothing it reads exists"]
        case .skipIdenticalOutput: return ["rendered output identical to what is applied"]
        case .run: return ["rendered output differs from what is applied"]
        case .notApplicable: return []
        }
    }
}
