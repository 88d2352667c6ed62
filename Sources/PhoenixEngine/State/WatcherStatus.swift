import Foundation
import PhoenixGit

/// What `phoenix-gitops status --format json` prints and a server can serve at `/status`: the
/// watcher, the tracked tip as last fetched, and every stage's watermark and last result, from local
/// state only (no fetch, no lock). docs/state-format.md, "phoenix-gitops status".
public struct WatcherStatus: Sendable, Encodable {
    /// Who.
    public var watcher: WatcherIdentity
    /// The repository, userinfo redacted.
    public var repository: String
    /// The tracked branch.
    public var branch: String
    /// The status branch.
    public var statusBranch: String
    /// The tracked branch's tip as last fetched into the mirror.
    public var trackedTip: ObjectID?
    /// The commit of the last finished run.
    public var lastTarget: ObjectID?
    /// How it ended.
    public var lastTargetResult: RunResultKind?
    /// That run's id.
    public var lastTargetRun: RunID?
    /// That run's first problem (nil when it succeeded).
    public var lastTargetProblem: String?
    /// Reconciliation suspended by an operator (nil: reconciling).
    public var suspension: Suspension?
    /// Stage watermarks.
    public var stages: [StageState]
    /// A run in progress (or cut short).
    public var runInProgress: RunID?
    /// Reports not yet on the status branch.
    public var pendingReports: [RunID]
    /// The latest drift check (nil before the first one; docs/drift.md).
    public var drift: DriftReport?
    /// Stages whose self-heal the anti-flapping guard stopped.
    public var selfHealSuspended: [HealSuspension]

    /// The status of `settings`' state folder; nil when no run has happened there.
    /// - Throws: ``EngineError/state(path:message:)`` when state.json is unreadable.
    public static func load(settings: WatcherSettings) throws -> WatcherStatus? {
        guard let state = try StateStore(stateDirectory: settings.stateDirectory).load() else { return nil }
        let mirror = ConfigMirror(stateDirectory: settings.stateDirectory).directory
        let tip = (try? Repository.open(at: mirror)).flatMap {
            try? $0.reference(named: ConfigMirror.trackingReference(settings.branch))
        }
        return WatcherStatus(
            watcher: state.watcher, repository: RemoteEndpoint.from(settings: settings).displayURL,
            branch: settings.branch, statusBranch: settings.statusBranch, trackedTip: tip, lastTarget: state.lastTarget,
            lastTargetResult: state.lastTargetResult, lastTargetRun: state.lastTargetRun,
            lastTargetProblem: state.lastTargetProblem, suspension: state.suspension, stages: state.stages, runInProgress: state.inProgress?.id,
            pendingReports: state.pendingReports.map(\.id), drift: state.drift?.lastCheck,
            selfHealSuspended: state.drift?.suspensions ?? [])
    }

    /// Sorted, pretty JSON with a trailing newline.
    public func jsonData() throws -> Data {
        try EngineJSON.data(self)
    }

    enum CodingKeys: String, CodingKey {
        case watcher, repository, branch, stages
        case statusBranch = "status_branch", trackedTip = "tracked_tip", lastTarget = "last_target"
        case lastTargetResult = "last_target_result", runInProgress = "run_in_progress"
        case lastTargetRun = "last_target_run", lastTargetProblem = "last_target_problem", suspension
        case pendingReports = "pending_reports"
        case drift
        case selfHealSuspended = "self_heal_suspended"
    }
}
