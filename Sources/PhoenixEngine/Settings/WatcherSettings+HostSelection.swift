import PhoenixDrivers
import PhoenixStages

extension WatcherSettings {
    /// Where `stage`'s host-level work runs (docs/adr/0047-host-stages-on-cluster-nodes.md): `/etc/pve`
    /// once for a stage on the cluster file system, else the nodes `cluster.stage_nodes` names, else the
    /// watcher's own host. Without a cluster the driver ignores it. One rule for apply and drift alike.
    public func hostSelection(for stage: any Stage) -> HostSelection {
        if stage.writesClusterFileSystem { return .clusterFileSystem }
        return cluster?.stageNodes[stage.id.rawValue] ?? .watcher
    }
}
