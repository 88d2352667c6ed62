import Foundation
import PhoenixGit

/// The record of one run: what triggered it, the commit, the signature verdict, what changed, every
/// stage's decision and result, findings and errors. It is `status.json`'s `run` and the whole of
/// `runs/<time>-<sha>.json` (docs/status-format.md). Every text in it is redacted before it is stored.
public struct RunReport: Sendable, Hashable, Codable {
    /// The run.
    public var id: RunID
    /// Who ran it.
    public var watcher: WatcherIdentity
    /// The first trigger.
    public var trigger: RunTrigger
    /// Triggers that arrived while a run was busy and were served by this run.
    public var coalesced: [RunTrigger]
    /// When it started.
    public var startedAt: Date
    /// When it finished (nil while running).
    public var finishedAt: Date?
    /// Wall time in seconds.
    public var durationSeconds: Double?
    /// The commit.
    public var source: SourceInfo
    /// The commit the previous finished run was for.
    public var previousCommit: ObjectID?
    /// How it ended.
    public var result: RunResultKind
    /// The signature policy's verdict (nil with `verify: none`).
    public var signature: SignatureVerdict?
    /// Paths changed between the oldest stage watermark and the commit.
    public var changedPaths: [String]
    /// Validation findings (errors and warnings).
    public var findings: [FindingRecord]
    /// Notices of the plan (create-time keys changed, history rewritten, ...).
    public var notices: [String]
    /// One entry per stage of the catalogue.
    public var stages: [StageReport]
    /// Run-level errors (fetch, git, planner, status push of an earlier run).
    public var errors: [String]
    /// The drift check this record is for (trigger `drift`, result `drifted`); nil for runs.
    public var drift: DriftReport?
    /// In a Proxmox cluster, the node each guest the run operated on ran on (`"lxc 102": "pve2"`); nil on
    /// a single host (docs/adr/0047-host-stages-on-cluster-nodes.md).
    public var guestNodes: [String: String]?

    /// A report for a run that is starting.
    public init(
        id: RunID, watcher: WatcherIdentity, trigger: RunTrigger, coalesced: [RunTrigger] = [], startedAt: Date,
        source: SourceInfo, previousCommit: ObjectID?
    ) {
        self.id = id
        self.watcher = watcher
        self.trigger = trigger
        self.coalesced = coalesced
        self.startedAt = startedAt
        self.source = source
        self.previousCommit = previousCommit
        result = .running
        changedPaths = []
        findings = []
        notices = []
        stages = []
        errors = []
    }

    /// The file of this run under `runs/` on the status branch: `runs/20261126T154957.123Z-abc1234.json`.
    public var ledgerFileName: String {
        "runs/\(Timestamp.compact(startedAt))-\(source.commit?.short ?? "0000000").json"
    }

    /// Stages with this result.
    public func stages(_ result: StageResultKind) -> [StageReport] { stages.filter { $0.result == result } }

    /// Replaces the report of one stage.
    package mutating func update(_ stage: StageReport) {
        if let index = stages.firstIndex(where: { $0.stage == stage.stage }) {
            stages[index] = stage
        } else {
            stages.append(stage)
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, watcher, trigger, coalesced, source, result, signature, findings, notices, stages, errors, drift
        case startedAt = "started_at", finishedAt = "finished_at", durationSeconds = "duration_seconds"
        case previousCommit = "previous_commit", changedPaths = "changed_paths", guestNodes = "guest_nodes"
    }
}
