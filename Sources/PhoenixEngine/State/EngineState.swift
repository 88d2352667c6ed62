import Foundation
import PhoenixGit
import PhoenixStages

/// Everything a watcher remembers between runs (`<state-dir>/state.json`; docs/state-format.md).
///
/// Per stage a watermark (``StageState``); the last commit a run finished for; a run in progress
/// (so a run cut short by a crash is recorded, once, by the next process); and run reports not yet on
/// the status branch (so a push that failed is retried, not lost).
public struct EngineState: Sendable, Hashable, Codable {
    /// The schema written by this version.
    public static let currentSchema = "phoenix-state/1"

    /// `phoenix-state/1`.
    public var schema: String
    /// Whose state this is.
    public var watcher: WatcherIdentity
    /// Stage watermarks, in catalogue order as far as known.
    public var stages: [StageState]
    /// The commit of the last run that finished (not interrupted); an idle poll compares with it.
    public var lastTarget: ObjectID?
    /// How that run ended.
    public var lastTargetResult: RunResultKind?
    /// That run's id (what `watch --once` and `status` name while the tip stays refused).
    public var lastTargetRun: RunID?
    /// That run's first problem (finding, failed stage, refused signature), redacted; nil when it succeeded.
    public var lastTargetProblem: String?
    /// Reconciliation suspended by an operator (nil: not suspended).
    public var suspension: Suspension?
    /// The report of a run that has started and not finished (non-nil after a crash).
    public var inProgress: RunReport?
    /// Finished reports not yet pushed to the status branch, oldest first.
    public var pendingReports: [RunReport]
    /// Drift checking's memory: the latest check and self-heal's guard (nil before the first check).
    public var drift: DriftMemory?

    /// An empty state.
    public init(watcher: WatcherIdentity) {
        schema = Self.currentSchema
        self.watcher = watcher
        stages = []
        pendingReports = []
    }

    /// The state of one stage (empty when never run).
    public func stage(_ id: StageID) -> StageState {
        stages.first { $0.stage == id } ?? StageState(stage: id)
    }

    /// Replaces (or adds) one stage's state.
    public mutating func setStage(_ state: StageState) {
        if let index = stages.firstIndex(where: { $0.stage == state.stage }) {
            stages[index] = state
        } else {
            stages.append(state)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schema, watcher, stages
        case lastTarget = "last_target", lastTargetResult = "last_target_result", inProgress = "in_progress"
        case lastTargetRun = "last_target_run", lastTargetProblem = "last_target_problem"
        case pendingReports = "pending_reports"
        case drift, suspension
    }

    /// Decodes, tolerating missing optional sections.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        watcher = try c.decode(WatcherIdentity.self, forKey: .watcher)
        stages = try c.decodeIfPresent([StageState].self, forKey: .stages) ?? []
        lastTarget = try c.decodeIfPresent(ObjectID.self, forKey: .lastTarget)
        lastTargetResult = try c.decodeIfPresent(RunResultKind.self, forKey: .lastTargetResult)
        lastTargetRun = try c.decodeIfPresent(RunID.self, forKey: .lastTargetRun)
        lastTargetProblem = try c.decodeIfPresent(String.self, forKey: .lastTargetProblem)
        suspension = try c.decodeIfPresent(Suspension.self, forKey: .suspension)
        inProgress = try c.decodeIfPresent(RunReport.self, forKey: .inProgress)
        pendingReports = try c.decodeIfPresent([RunReport].self, forKey: .pendingReports) ?? []
        drift = try c.decodeIfPresent(DriftMemory.self, forKey: .drift)
    }
}
