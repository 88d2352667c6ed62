import Foundation
import PhoenixGit
import PhoenixStages

/// One stage's watermark: the last commit it was applied (or found up to date) at, what it applied,
/// its last result and its retry schedule.
public struct StageState: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: StageID
    /// The commit the target reflects for this stage; nil when never applied.
    public var appliedCommit: ObjectID?
    /// When the watermark last moved.
    public var appliedAt: Date?
    /// What the stage applied at `appliedCommit` (digests only).
    public var artifacts: [ArtifactRecord]
    /// The last run of the stage.
    public var lastResult: StageLastResult?
    /// Failures in a row on the same input; 0 after a success.
    public var consecutiveFailures: Int
    /// Earliest time a failed stage is retried on the same commit (a new commit retries at once).
    public var retryAfter: Date?
    /// Whether `artifacts` came from the status branch (state rebuilt after state.json was lost)
    /// rather than from this watcher's own apply. Such a list restores digests only: it is never
    /// used to remove files (docs/adr/0018-secrets-and-ledger-trust.md).
    public var artifactsFromLedger = false

    /// Creates a state.
    public init(
        stage: StageID, appliedCommit: ObjectID? = nil, appliedAt: Date? = nil, artifacts: [ArtifactRecord] = [],
        lastResult: StageLastResult? = nil, consecutiveFailures: Int = 0, retryAfter: Date? = nil
    ) {
        self.stage = stage
        self.appliedCommit = appliedCommit
        self.appliedAt = appliedAt
        self.artifacts = artifacts
        self.lastResult = lastResult
        self.consecutiveFailures = consecutiveFailures
        self.retryAfter = retryAfter
    }

    /// Whether the last run failed (or was skipped) and the stage still waits for a retry.
    public var needsRetry: Bool {
        guard let lastResult else { return false }
        return lastResult.result == .failed || lastResult.result == .skipped
    }

    /// Whether its last run failed permanently at its commit (a render error), or was skipped because a
    /// dependency did: not retried, it waits for a new commit (ADR 0049).
    public var waitsForNewCommit: Bool {
        needsRetry && lastResult?.failureKind == .permanent
    }

    enum CodingKeys: String, CodingKey {
        case stage, artifacts
        case appliedCommit = "applied_commit", appliedAt = "applied_at", lastResult = "last_result"
        case consecutiveFailures = "consecutive_failures", retryAfter = "retry_after"
        case artifactsFromLedger = "artifacts_from_ledger"
    }

    /// Decodes; `artifacts_from_ledger` is absent in files written before it existed (false).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stage = try c.decode(StageID.self, forKey: .stage)
        appliedCommit = try c.decodeIfPresent(ObjectID.self, forKey: .appliedCommit)
        appliedAt = try c.decodeIfPresent(Date.self, forKey: .appliedAt)
        artifacts = try c.decodeIfPresent([ArtifactRecord].self, forKey: .artifacts) ?? []
        lastResult = try c.decodeIfPresent(StageLastResult.self, forKey: .lastResult)
        consecutiveFailures = try c.decodeIfPresent(Int.self, forKey: .consecutiveFailures) ?? 0
        retryAfter = try c.decodeIfPresent(Date.self, forKey: .retryAfter)
        artifactsFromLedger = try c.decodeIfPresent(Bool.self, forKey: .artifactsFromLedger) ?? false
    }

    /// Encodes; `artifacts_from_ledger` only when true, so ordinary state files keep their shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encodeIfPresent(appliedCommit, forKey: .appliedCommit)
        try c.encodeIfPresent(appliedAt, forKey: .appliedAt)
        try c.encode(artifacts, forKey: .artifacts)
        try c.encodeIfPresent(lastResult, forKey: .lastResult)
        try c.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try c.encodeIfPresent(retryAfter, forKey: .retryAfter)
        if artifactsFromLedger { try c.encode(true, forKey: .artifactsFromLedger) }
    }
}
