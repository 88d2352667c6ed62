import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// One stage in a run report: the plan's decision and reasons, and what happened.
public struct StageReport: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: StageID
    /// run, skip-unaffected or skip-identical-output.
    public var decision: StageDecision
    /// Why (file → pointer → rule → stage), one line each.
    public var reasons: [String]
    /// The stage's watermark the plan compared against (nil: never applied).
    public var baseCommit: ObjectID?
    /// How it ended.
    public var result: StageResultKind
    /// Wall time of the apply in seconds (0 when not applied).
    public var durationSeconds: Double
    /// Digests of the rendered artifacts (what is applied after a success).
    public var artifacts: [ArtifactRecord]
    /// Destinations written (`host:/etc/dnsmasq.conf`).
    public var written: [String]
    /// Destinations removed.
    public var removed: [String]
    /// Commands that changed something (argv, redacted).
    public var actions: [[String]]
    /// Notes of the stage.
    public var notes: [String]
    /// The error or skip reason, redacted.
    public var error: String?
    /// In a Proxmox cluster, what the stage did on each node it ran on (nil without a cluster, so a
    /// single host's reports are what they always were).
    public var nodes: [NodeReport]?
    /// When it failed, the kind of failure (transient, permanent, stage; ADR 0049), which decided its retry.
    public var failureKind: FailureKind?

    /// Creates a report for a planned stage (result filled in as the run goes).
    public init(
        stage: StageID, decision: StageDecision, reasons: [String], baseCommit: ObjectID?, result: StageResultKind,
        durationSeconds: Double = 0, artifacts: [ArtifactRecord] = [], written: [String] = [], removed: [String] = [],
        actions: [[String]] = [], notes: [String] = [], error: String? = nil
    ) {
        self.stage = stage
        self.decision = decision
        self.reasons = reasons
        self.baseCommit = baseCommit
        self.result = result
        self.durationSeconds = durationSeconds
        self.artifacts = artifacts
        self.written = written
        self.removed = removed
        self.actions = actions
        self.notes = notes
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case stage, decision, reasons, result, artifacts, written, removed, actions, notes, error, nodes
        case failureKind = "failure_kind"
        case baseCommit = "base_commit", durationSeconds = "duration_seconds"
    }
}
