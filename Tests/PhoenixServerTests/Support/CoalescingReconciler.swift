import Foundation
import PhoenixEngine
import PhoenixReconciler
import PhoenixServer

/// A ReconcileService that coalesces as DESIGN §5 specifies: one run in progress, at most one queued,
/// later triggers join the queued run (which will apply the newest commit). Runs never finish here, so
/// a burst shows the worst case.
actor CoalescingReconciler: ReconcileService {
    private(set) var triggers: [TriggerReason] = []
    private(set) var inProgress: String?
    private(set) var queued: String?
    /// The commit the queued run will apply: the newest one announced.
    private(set) var queuedCommit: String?
    private var nextRun = 1

    func trigger(_ reason: TriggerReason) -> TriggerReceipt {
        triggers.append(reason)
        guard let running = inProgress else {
            let id = newRunID()
            inProgress = id
            return TriggerReceipt(runID: RunID(id), disposition: .started)
        }
        _ = running
        queuedCommit = reason.commitHint
        if let queued { return TriggerReceipt(runID: RunID(queued), disposition: .coalesced) }
        let id = newRunID()
        queued = id
        return TriggerReceipt(runID: RunID(id), disposition: .queued)
    }

    func statusJSON() -> Data { Data("{}".utf8) }

    func readiness() -> Readiness { Readiness(lastFetchTime: nil, lastFetchSucceeded: false, stateReadable: true) }

    private func newRunID() -> String {
        defer { nextRun += 1 }
        return "run-\(nextRun)"
    }
}
