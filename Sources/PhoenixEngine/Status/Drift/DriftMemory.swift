import Foundation
import PhoenixStages

/// What drift checking remembers between checks, in `state.json` (`drift`): the latest report, what
/// was last recorded on the status branch, and the anti-flapping guard's history.
public struct DriftMemory: Sendable, Hashable, Codable {
    /// The latest check (shown by `status` and `/status`).
    public var lastCheck: DriftReport?
    /// ``DriftReport/fingerprint`` of the drift last recorded on the status branch; reset when the
    /// target is found in sync or a self-heal run succeeded, so the next drift is recorded again.
    public var recordedFingerprint: String?
    /// Self-heal repairs per object within the guard's window.
    public var repairs: [RepairRecord]
    /// Stages whose self-heal is stopped.
    public var suspensions: [HealSuspension]

    /// Nothing remembered.
    public init() {
        repairs = []
        suspensions = []
    }

    /// The suspension of `stage`, if any.
    public func suspension(of stage: StageID) -> HealSuspension? {
        suspensions.first { $0.stage == stage }
    }

    enum CodingKeys: String, CodingKey {
        case repairs, suspensions
        case lastCheck = "last_check", recordedFingerprint = "recorded_fingerprint"
    }

    /// Decodes, tolerating missing sections.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lastCheck = try c.decodeIfPresent(DriftReport.self, forKey: .lastCheck)
        recordedFingerprint = try c.decodeIfPresent(String.self, forKey: .recordedFingerprint)
        repairs = try c.decodeIfPresent([RepairRecord].self, forKey: .repairs) ?? []
        suspensions = try c.decodeIfPresent([HealSuspension].self, forKey: .suspensions) ?? []
    }
}
