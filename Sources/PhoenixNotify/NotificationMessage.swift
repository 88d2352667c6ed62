import Foundation
import PhoenixEngine

/// What one notification says, whatever the receiver's format: what happened, which commit, which
/// stages, and the reason. Encoded as is for `json` targets (docs/operations.md).
public struct NotificationMessage: Sendable, Hashable, Codable {
    /// One stage the event concerns.
    public struct StageLine: Sendable, Hashable, Codable {
        /// The stage id.
        public var stage: String
        /// `succeeded`, `failed`, `drifted`, `suspended`, ...
        public var result: String
        /// The stage's error or the drift, one line (redacted).
        public var detail: String?

        /// Creates a line.
        public init(stage: String, result: String, detail: String? = nil) {
            self.stage = stage
            self.result = result
            self.detail = detail
        }
    }

    /// Always `phoenix-notification`.
    public var format = "phoenix-notification"
    /// Format version.
    public var version = 1
    /// The event (`run-failed`, `drift-detected`, ...).
    public var event: NotificationEvent
    /// One line: `run failed at abc1234: dns failed`.
    public var title: String
    /// Why, one line (the first failing stage's error, the first finding, the first drifted object).
    public var reason: String
    /// The watcher (`phoenix-gitops/<watcher>` context name).
    public var watcher: String
    /// The config repository (display URL, no credentials).
    public var repository: String
    /// The tracked branch.
    public var branch: String
    /// The commit (full hash), when the event has one.
    public var commit: String?
    /// The commit's subject line.
    public var commitSummary: String?
    /// The run or drift check id (its log lines carry `run_id=<id>`).
    public var runID: String
    /// The stages concerned.
    public var stages: [StageLine]
    /// The status page, when configured.
    public var statusURL: String?
    /// When the event happened.
    public var at: Date

    /// The short commit (`abc1234`), or `-`.
    public var shortCommit: String { commit.map { String($0.prefix(7)) } ?? "-" }

    enum CodingKeys: String, CodingKey {
        case format, version, event, title, reason, watcher, repository, branch, commit, stages, at
        case commitSummary = "commit_summary", runID = "run_id", statusURL = "status_url"
    }
}
