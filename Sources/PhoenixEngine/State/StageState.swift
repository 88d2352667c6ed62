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

    enum CodingKeys: String, CodingKey {
        case stage, artifacts
        case appliedCommit = "applied_commit", appliedAt = "applied_at", lastResult = "last_result"
        case consecutiveFailures = "consecutive_failures", retryAfter = "retry_after"
    }
}
