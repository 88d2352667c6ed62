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

    /// Creates a render.
    public init(stage: StageID, artifacts: [Artifact] = [], diagnostics: [Diagnostic] = []) {
        self.stage = stage
        self.artifacts = artifacts
        self.diagnostics = diagnostics
    }

    /// Whether any finding is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Artifact records, for state and digests comparison.
    public var applied: [AppliedArtifact] { artifacts.map(AppliedArtifact.init) }
}
