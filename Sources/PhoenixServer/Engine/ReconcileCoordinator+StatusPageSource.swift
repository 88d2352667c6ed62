import Foundation
import PhoenixEngine
import PhoenixGit
public import PhoenixReconciler

/// The daemon's status page from local state and the status branch as last fetched (no fetch, no lock).
extension ReconcileCoordinator: StatusPageSource {
    /// Reads `state.json`, the last 10 runs of the status branch in the mirror and the watermark subjects.
    /// Throws ``StatusUnavailable`` before the first run (the page is then answered 503).
    public func statusPage() async throws -> StatusPageModel {
        let settings = reconciler.configuration.settings
        guard let status = try WatcherStatus.load(settings: settings) else {
            throw StatusUnavailable(stateDirectory: settings.stateDirectory.path)
        }
        var runs: [RunReport] = []
        var subjects: [String: String] = [:]
        if let repository = try? ConfigMirror(stateDirectory: settings.stateDirectory).open() {
            let ledger = StatusLedger(
                repository: repository, endpoint: RemoteEndpoint.from(settings: settings),
                branch: settings.statusBranch,
                author: Signature(name: settings.commitAuthorName, email: settings.commitAuthorEmail))
            runs = (try? ledger.history(limit: 10, fetch: false)) ?? []
            for id in status.stages.compactMap(\.appliedCommit) where subjects[id.description] == nil {
                if let commit = try? repository.commit(id) { subjects[id.description] = commit.summary }
            }
        }
        return StatusPageModel(status: status, runs: runs, forge: settings.forge, subjects: subjects)
    }
}
