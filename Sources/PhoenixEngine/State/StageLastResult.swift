import PhoenixStages
import Foundation
import PhoenixGit

/// The last time a stage was run (or found up to date after a failure): at which commit, in which run,
/// how it ended and why.
public struct StageLastResult: Sendable, Hashable, Codable {
    /// How it ended.
    public var result: StageResultKind
    /// The commit the run was for.
    public var commit: ObjectID
    /// The run.
    public var runID: String
    /// When it ended.
    public var at: Date
    /// The error or skip reason, redacted.
    public var message: String?
    /// In a cluster, one line per node the stage ran on (`b: failed (…)`); nil on a single host.
    public var nodes: [String]?
    /// When it failed, the kind of failure (ADR 0049): a permanent one waits for a new commit, the others
    /// for their retry.
    public var failureKind: FailureKind?

    /// Creates a value.
    public init(result: StageResultKind, commit: ObjectID, runID: String, at: Date, message: String? = nil) {
        self.result = result
        self.commit = commit
        self.runID = runID
        self.at = at
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case result, commit, at, message, nodes
        case failureKind = "failure_kind"
        case runID = "run_id"
    }
}
