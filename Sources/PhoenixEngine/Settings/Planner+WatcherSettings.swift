import PhoenixPlanner
import PhoenixStages

extension Planner {
    /// A planner with the stage settings, layout and limits of the watcher's settings, and in a cluster
    /// the node each stage runs on.
    public init(catalogue: StageCatalogue, settings: WatcherSettings) {
        self.init(catalogue: catalogue, settings: settings.stages, layout: settings.layout, limits: settings.limits)
        placement = settings.cluster
    }
}
