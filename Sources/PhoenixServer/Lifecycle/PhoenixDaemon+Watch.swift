public import PhoenixReconciler
public import Logging
import PhoenixEngine

extension PhoenixDaemon {
    /// The `watch` daemon: the reconciler (``CoordinatorService``) and the poller (``PollService``), in
    /// that order, then the HTTP server when there is one (`--listen`). SIGTERM or SIGINT stop the HTTP
    /// server first, then the poller, then the reconciler, which finishes the stage in progress.
    ///
    /// - Parameters:
    ///   - server: the HTTP server, whose ``WatcherServer/service`` should be `coordinator`; nil without `--listen`.
    ///   - coordinator: the reconciler.
    ///   - poller: the poll loop over the same coordinator.
    ///   - logger: the daemon's logger.
    public init(server: WatcherServer?, coordinator: ReconcileCoordinator, poller: Poller, logger: Logger) {
        self.init(
            server: server,
            services: [CoordinatorService(coordinator: coordinator), PollService(poller: poller)],
            logger: logger)
    }
}
