import Foundation
import PhoenixStages

/// The result of one drift check: per stage, the target against what the stage last applied.
/// What `phoenix-gitops drift --format json` prints, `/status` shows (`drift`), and the status branch
/// records (`run.drift`) when drift is found. docs/drift.md.
public struct DriftReport: Sendable, Hashable, Codable {
    /// The check's id (its log lines carry `run_id=<id>`).
    public var id: RunID
    /// When the check started.
    public var checkedAt: Date
    /// Wall time of the check in seconds.
    public var durationSeconds: Double
    /// Whether drifted stages were to be re-applied (`self_heal`, or `drift --heal`).
    public var selfHeal: Bool
    /// One entry per catalogue stage, in DAG order.
    public var stages: [StageDrift]
    /// Problems of the check itself (the configuration at a watermark cannot be read, ...).
    public var errors: [String]

    /// Creates a report.
    public init(
        id: RunID, checkedAt: Date, durationSeconds: Double = 0, selfHeal: Bool = false, stages: [StageDrift] = [],
        errors: [String] = []
    ) {
        self.id = id
        self.checkedAt = checkedAt
        self.durationSeconds = durationSeconds
        self.selfHeal = selfHeal
        self.stages = stages
        self.errors = errors
    }

    /// Stages with this status.
    public func stages(_ status: StageDriftStatus) -> [StageDrift] { stages.filter { $0.status == status } }

    /// `drifted` when any stage drifted, else `unknown` when a stage could not be checked completely,
    /// else `in-sync` (stages not checked do not count either way).
    public var status: StageDriftStatus {
        if stages.contains(where: { $0.status == .drifted }) { return .drifted }
        if stages.contains(where: { $0.status == .unknown }) || !errors.isEmpty { return .unknown }
        return .inSync
    }

    /// 2 when something drifted; 1 when the check failed or something could not be checked because a
    /// guest or a probe did not answer; else 0. Objects the driver cannot observe at all (the local
    /// driver's guests) do not make it 1: they are listed as unobserved, never as in sync.
    public var exitCode: Int32 {
        if status == .drifted { return 2 }
        if !errors.isEmpty { return 1 }
        if stages.contains(where: { stage in stage.items.contains { $0.state == .unknown } }) { return 1 }
        return 0
    }

    /// A stable digest of what drifted (and which stages self-heal gave up on): equal for two checks
    /// that found the same differences, so persisting drift is recorded once, not at every check.
    public var fingerprint: String {
        var lines: [String] = []
        for stage in stages {
            for item in stage.drifted {
                lines.append("\(stage.stage)|\(item.key)|\(item.message)|\(item.appliedSHA256 ?? "")|\(item.foundSHA256 ?? "")")
            }
            if stage.heal?.action == .suspended { lines.append("\(stage.stage)|suspended") }
        }
        guard !lines.isEmpty else { return "" }
        return Artifact.sha256(Data(lines.sorted().joined(separator: "\n").utf8))
    }

    enum CodingKeys: String, CodingKey {
        case id, stages, errors, status
        case checkedAt = "checked_at", durationSeconds = "duration_seconds", selfHeal = "self_heal"
        case exitCode = "exit_code"
    }

    /// Decodes (the derived `status` and `exit_code` are recomputed, not read).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(RunID.self, forKey: .id)
        checkedAt = try c.decode(Date.self, forKey: .checkedAt)
        durationSeconds = try c.decodeIfPresent(Double.self, forKey: .durationSeconds) ?? 0
        selfHeal = try c.decodeIfPresent(Bool.self, forKey: .selfHeal) ?? false
        stages = try c.decodeIfPresent([StageDrift].self, forKey: .stages) ?? []
        errors = try c.decodeIfPresent([String].self, forKey: .errors) ?? []
    }

    /// Encodes, with the derived `status` and `exit_code` for readers.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(checkedAt, forKey: .checkedAt)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(selfHeal, forKey: .selfHeal)
        try c.encode(stages, forKey: .stages)
        try c.encode(errors, forKey: .errors)
        try c.encode(status, forKey: .status)
        try c.encode(exitCode, forKey: .exitCode)
    }
}
