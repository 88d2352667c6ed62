public import PhoenixReconciler
public import Foundation
import PhoenixEngine

/// The engine's coordinator behind the server's seam: webhooks become coordinator triggers (coalesced
/// there), `/status` is `phoenix-gitops status --format json`, `/readyz` reads the last fetch.
///
/// The engine cannot depend on this module, so the conformance lives here, next to the protocol.
extension ReconcileCoordinator: ReconcileService {
    /// Submits the request as a run trigger (counted by the coordinator as `phoenix_triggers_total`)
    /// and answers with the run that will serve it.
    public func trigger(_ reason: TriggerReason) async -> TriggerReceipt {
        submit(RunTrigger(reason))
    }

    /// The watcher's status document from local state (no fetch, no lock): per stage the applied commit
    /// and last result. Throws ``StatusUnavailable`` before the first run; the server answers 503 then.
    public func statusJSON() async throws -> Data {
        let settings = reconciler.configuration.settings
        guard let status = try WatcherStatus.load(settings: settings) else {
            throw StatusUnavailable(stateDirectory: settings.stateDirectory.path)
        }
        return try status.jsonData()
    }

    /// The last fetch any run of this coordinator made, and whether `state.json` can be read (a missing
    /// one is readable: the first run creates it).
    public func readiness() async -> Readiness {
        var problem: String?
        do {
            _ = try reconciler.savedState()
        } catch {
            problem = "\(error)"
        }
        let fetch = lastFetch
        return Readiness(
            lastFetchTime: fetch?.at, lastFetchSucceeded: fetch?.succeeded ?? false, stateReadable: problem == nil,
            detail: problem ?? (fetch?.succeeded == false ? fetch?.message : nil))
    }
}
