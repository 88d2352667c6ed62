/// Which machines a stage's host-level work (files under `.host`, host commands) runs on
/// (docs/adr/0047-host-stages-on-cluster-nodes.md). Without a cluster every selection is the one host.
public enum HostSelection: Sendable, Hashable {
    /// The machine the watcher runs on: its Proxmox node, or off-host the watcher's own machine. The
    /// default, and what every stage did before clusters existed.
    case watcher
    /// The cluster file system (`/etc/pve`): written once, on any one reachable node, since pmxcfs
    /// replicates it to every node. This node when the watcher runs on one.
    case clusterFileSystem
    /// These nodes, by their Proxmox names, in this order.
    case nodes([String])
    /// Every node of the cluster (the settings' `nodes`, and this node).
    case allNodes
}
