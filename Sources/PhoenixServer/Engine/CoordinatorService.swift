public import PhoenixReconciler
import PhoenixEngine
public import ServiceLifecycle

/// The reconciler as a daemon service: idle until the daemon shuts down, then it stops taking triggers,
/// lets the run in progress finish its current stage and record itself, and returns.
///
/// Runs are started by the coordinator itself (triggers from the poller and the webhooks); this
/// service only ties the coordinator's end to the daemon's lifecycle. It is the first service of the
/// daemon, so it is shut down last, after the HTTP server and the poller.
public struct CoordinatorService: Service, CustomStringConvertible {
    /// The coordinator.
    public let coordinator: ReconcileCoordinator

    /// A service over `coordinator`.
    public init(coordinator: ReconcileCoordinator) {
        self.coordinator = coordinator
    }

    /// `reconciler`, in the daemon's logs.
    public var description: String { "reconciler" }

    /// Waits for the graceful shutdown (or cancellation), then shuts the coordinator down.
    public func run() async throws {
        // Throws CancellationError when the group cancels instead: the coordinator must stop either way.
        try? await gracefulShutdown()
        await coordinator.shutdown()
    }
}
