import Foundation
import PhoenixEngine

extension RunInProgress {
    /// In a Proxmox cluster every watcher shares one watcher id and one entry on the status branch
    /// (``WatcherIdentity/derive(from:host:)``), and only the holder of the apply lease runs. With every
    /// report of this watcher published, its own last publish left the entry equal to its state; an
    /// entry that differs was written by another node's watcher since: its watermarks become this one's (digests only, as when state is rebuilt from the
    /// status branch), so a commit is applied once per cluster, not once per watcher
    /// (docs/adr/0047-host-stages-on-cluster-nodes.md). Runs under the lease, after the fetch.
    mutating func adoptClusterProgress() {
        guard settings.cluster != nil, state.pendingReports.isEmpty, state.inProgress == nil else { return }
        let document: StatusDocument?
        do {
            document = try ledger.latestDocument(fetch: options.fetch)
        } catch {
            logger.warning("cannot read the status branch for the cluster's progress (\(error)); planning from this watcher's state")
            return
        }
        guard let entry = document?.entry(for: configuration.identity.id) else { return }
        let theirs = entry.stages.map { "\($0.stage)=\($0.appliedCommit?.hex ?? "-")" }.sorted()
        let ours = state.stages.map { "\($0.stage)=\($0.appliedCommit?.hex ?? "-")" }.sorted()
        guard theirs != ours || entry.lastCommit != state.lastTarget || entry.lastResult != state.lastTargetResult
        else { return }
        do {
            state.stages = entry.stages.map { stage in
                var stage = stage
                stage.artifactsFromLedger = true
                return stage
            }
            state.lastTarget = entry.lastCommit
            state.lastTargetResult = entry.lastResult
            state.lastTargetRun = nil
            state.lastTargetProblem = nil
            state.suspension = entry.suspension
            logger.notice(
                "continuing from the cluster's status entry",
                metadata: ["by": "\(entry.watcher.host)", "last_commit": "\(entry.lastCommit?.short ?? "-")"])
            try store.save(state)
        } catch {
            warnings.append("state not saved after adopting the cluster's progress: \(error)")
        }
    }
}
