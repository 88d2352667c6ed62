import PhoenixCore

/// A stage's pure render of one config snapshot: its artifacts, and what it found wrong or worth
/// telling (an error diagnostic means the stage cannot be applied from this snapshot).
public struct Render: Sendable {
    /// The stage.
    public var stage: StageID
    /// Artifacts in a deterministic order.
    public var artifacts: [Artifact]
    /// Findings (errors block the apply; warnings are reported).
    public var diagnostics: [Diagnostic]
    /// Why the stage cannot apply yet (its guest or role does not exist: a platform under construction),
    /// or nil. A not-applicable render has no artifacts; the planner decides `not-applicable` for it
    /// and for its dependants, which is not a failure (docs/real-data.md).
    public var notApplicable: String?

    /// Creates a render.
    public init(stage: StageID, artifacts: [Artifact] = [], diagnostics: [Diagnostic] = [], notApplicable: String? = nil) {
        self.stage = stage
        self.artifacts = artifacts
        self.diagnostics = diagnostics
        self.notApplicable = notApplicable
    }

    /// A render that cannot apply yet, with its reason as an info finding.
    public static func inapplicable(_ stage: StageID, _ reason: String, diagnostics: [Diagnostic] = []) -> Render {
        let finding = Diagnostic(severity: .info, code: .stageNotApplicable, file: nil, message: "\(stage): not applicable: \(reason)")
        return Render(stage: stage, diagnostics: diagnostics + [finding], notApplicable: reason)
    }

    /// Whether any finding is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Artifact records, for state and digests comparison.
    public var applied: [AppliedArtifact] { artifacts.map(AppliedArtifact.init) }
}
