import PhoenixStages
import Synchronization

/// Which test stages fail their apply (after writing their first file: a failure midway), and a gate
/// a stage can wait on (to hold a run in the middle of a stage deterministically).
final class FaultSwitch: Sendable {
    private let failing = Mutex<Set<StageID>>([])
    private let applied = Mutex<[StageID]>([])

    func fail(_ stage: StageID) { failing.withLock { _ = $0.insert(stage) } }
    func heal(_ stage: StageID) { failing.withLock { _ = $0.remove(stage) } }
    func shouldFail(_ stage: StageID) -> Bool { failing.withLock { $0.contains(stage) } }

    func recordApply(_ stage: StageID) { applied.withLock { $0.append(stage) } }
    /// Stages whose apply ran, in order.
    var appliedStages: [StageID] { applied.withLock { $0 } }
    func resetApplied() { applied.withLock { $0.removeAll() } }
}
