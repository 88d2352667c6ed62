import Foundation
import PhoenixEngine
import PhoenixReconciler
import PhoenixServer

/// Our own seam's test implementation: records every trigger and answers with a fixed disposition.
actor RecordingReconciler: ReconcileService {
    private(set) var triggers: [TriggerReason] = []
    private var nextRun = 1
    private let disposition: TriggerReceipt.Disposition
    private let status: Data?
    private let currentReadiness: Readiness

    init(
        disposition: TriggerReceipt.Disposition = .started, status: Data? = Data(#"{"stages":{}}"#.utf8),
        readiness: Readiness = Readiness(lastFetchTime: nil, lastFetchSucceeded: false, stateReadable: true)
    ) {
        self.disposition = disposition
        self.status = status
        self.currentReadiness = readiness
    }

    func trigger(_ reason: TriggerReason) -> TriggerReceipt {
        triggers.append(reason)
        guard disposition != .refused else {
            return TriggerReceipt(runID: RunID(""), disposition: .refused, message: "shutting down")
        }
        defer { nextRun += 1 }
        return TriggerReceipt(runID: RunID("run-\(nextRun)"), disposition: disposition)
    }

    func statusJSON() throws -> Data {
        guard let status else { throw StatusUnavailable() }
        return status
    }

    func readiness() -> Readiness { currentReadiness }

    struct StatusUnavailable: Error, CustomStringConvertible {
        var description: String { "state.json unreadable" }
    }
}
