import Foundation
import PhoenixEngine
import PhoenixStages

/// Self-heal's guard against fighting a person: when the same object has been repaired `limit` times
/// within `windowSeconds` and is found drifted again, self-heal stops for its stage (and says so)
/// instead of overwriting the edit for ever. The suspension ends when the stage is found in sync (the
/// edit was undone), when its watermark moves (a new commit applied it), or when an operator heals
/// explicitly (`drift --heal`).
public struct DriftGuard: Sendable, Hashable {
    /// Repairs of one object within the window after which a new drift suspends self-heal.
    public var limit: Int
    /// The window, in seconds.
    public var windowSeconds: Double

    /// Creates a guard (`limit` at least 1).
    public init(limit: Int, windowSeconds: Double) {
        self.limit = max(1, limit)
        self.windowSeconds = max(0, windowSeconds)
    }

    /// The guard of `settings` (`self_heal_redrift_limit`, `self_heal_redrift_window_seconds`).
    public init(settings: WatcherSettings) {
        self.init(limit: settings.selfHealRedriftLimit, windowSeconds: settings.selfHealRedriftWindowSeconds)
    }

    /// What to do about one drifted stage.
    public enum Decision: Sendable, Hashable {
        /// Re-apply it (its drifted objects were counted as repaired now).
        case heal
        /// Leave it: self-heal is suspended for it.
        case suspended(HealSuspension)
    }

    /// Forgets repairs older than the window and lifts the suspensions that no longer apply: the stage
    /// is in sync now, or its watermark moved since. Returns one line per lifted suspension.
    @discardableResult
    public func refresh(_ memory: inout DriftMemory, report: DriftReport, now: Date) -> [String] {
        let horizon = now.addingTimeInterval(-windowSeconds)
        memory.repairs = memory.repairs.compactMap { record in
            var kept = record
            kept.at = record.at.filter { $0 > horizon }
            return kept.at.isEmpty ? nil : kept
        }
        var lifted: [String] = []
        memory.suspensions.removeAll { suspension in
            guard let stage = report.stages.first(where: { $0.stage == suspension.stage }) else { return false }
            let reason: String
            if stage.status == .inSync {
                reason = "it is in sync again"
            } else if stage.commit != suspension.commit {
                reason = "it was applied from \(stage.commit?.short ?? "another commit") since"
            } else {
                return false
            }
            lifted.append("self-heal resumed for \(suspension.stage): \(reason)")
            memory.repairs.removeAll { $0.stage == suspension.stage }
            return true
        }
        return lifted
    }

    /// Decides for a drifted `stage`. With `force` (an operator's explicit heal) it always heals and
    /// clears the stage's suspension and history. A heal counts one repair per drifted object at `now`.
    public func decide(_ stage: StageDrift, memory: inout DriftMemory, now: Date, force: Bool = false) -> Decision {
        if force {
            memory.suspensions.removeAll { $0.stage == stage.stage }
            memory.repairs.removeAll { $0.stage == stage.stage }
        } else if let suspension = memory.suspension(of: stage.stage) {
            return .suspended(suspension)
        }
        let objects = Set(stage.drifted.map(\.key)).sorted()
        if !force {
            for object in objects {
                let repairs = memory.repairs.first { $0.stage == stage.stage && $0.object == object }?.at.count ?? 0
                if repairs >= limit {
                    let suspension = HealSuspension(
                        stage: stage.stage, commit: stage.commit, object: object, repairs: repairs, since: now)
                    memory.suspensions.append(suspension)
                    return .suspended(suspension)
                }
            }
        }
        for object in objects {
            if let index = memory.repairs.firstIndex(where: { $0.stage == stage.stage && $0.object == object }) {
                memory.repairs[index].at.append(now)
            } else {
                memory.repairs.append(RepairRecord(stage: stage.stage, object: object, at: [now]))
            }
        }
        return .heal
    }
}
