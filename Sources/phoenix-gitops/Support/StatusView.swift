import PhoenixEngine
import PhoenixGit

/// `status --format json` (docs/state-format.md, "status output").
struct StatusView: Encodable {
    var watcher: WatcherIdentity
    var repository: String
    var branch: String
    var statusBranch: String
    var trackedTip: ObjectID?
    var lastTarget: ObjectID?
    var lastTargetResult: RunResultKind?
    var stages: [StageState]
    var runInProgress: RunID?
    var pendingReports: [RunID]

    enum CodingKeys: String, CodingKey {
        case watcher, repository, branch, stages
        case statusBranch = "status_branch", trackedTip = "tracked_tip", lastTarget = "last_target"
        case lastTargetResult = "last_target_result", runInProgress = "run_in_progress"
        case pendingReports = "pending_reports"
    }
}
