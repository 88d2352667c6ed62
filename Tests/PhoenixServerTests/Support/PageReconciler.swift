import Foundation
import PhoenixEngine
import PhoenixReconciler
import PhoenixServer

/// A reconciler with a status page: the seam's recording stand-in plus a fixed page model.
struct PageReconciler: ReconcileService, StatusPageSource {
    let model: StatusPageModel
    let inner = RecordingReconciler()

    func trigger(_ reason: TriggerReason) async -> TriggerReceipt { await inner.trigger(reason) }
    func statusJSON() async throws -> Data { try await inner.statusJSON() }
    func readiness() async -> Readiness { await inner.readiness() }
    func statusPage() async throws -> StatusPageModel { model }
}
