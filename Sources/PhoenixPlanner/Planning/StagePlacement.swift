import PhoenixStages

/// Where a stage's host-level work runs, in words for the plan ("every node (pve1, pve2)"). The planner
/// only shows it; the cluster settings that decide it belong to the watcher (PhoenixEngine's
/// `ClusterSettings` conforms).
public protocol StagePlacement: Sendable {
    /// One phrase naming where `stage` runs.
    func placement(of stage: any Stage) -> String
}
