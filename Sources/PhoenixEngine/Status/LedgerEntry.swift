import Foundation
import PhoenixGit

/// One watcher's watermarks as kept in status.json (`watchers[]`): what a watcher whose state.json was
/// lost rebuilds from.
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// The watcher.
    public var watcher: WatcherIdentity
    /// When it last recorded a run.
    public var updatedAt: Date
    /// The commit of its last finished run.
    public var lastCommit: ObjectID?
    /// How that run ended.
    public var lastResult: RunResultKind?
    /// Its stage watermarks.
    public var stages: [StageState]
    /// Its operator's suspension (nil: reconciling); a watcher rebuilding its state keeps it.
    public var suspension: Suspension?

    /// Creates an entry.
    public init(watcher: WatcherIdentity, updatedAt: Date, lastCommit: ObjectID?, lastResult: RunResultKind?, stages: [StageState]) {
        self.watcher = watcher
        self.updatedAt = updatedAt
        self.lastCommit = lastCommit
        self.lastResult = lastResult
        self.stages = stages
    }

    /// The entry of a state.
    public init(_ state: EngineState, at date: Date) {
        self.init(
            watcher: state.watcher, updatedAt: date, lastCommit: state.lastTarget, lastResult: state.lastTargetResult,
            stages: state.stages)
        suspension = state.suspension
    }

    enum CodingKeys: String, CodingKey {
        case watcher, stages, suspension
        case updatedAt = "updated_at", lastCommit = "last_commit", lastResult = "last_result"
    }
}
