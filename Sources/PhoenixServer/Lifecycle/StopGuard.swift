import ServiceLifecycle

/// Runs a service and turns "returned while nobody asked it to stop" into an error, so the daemon shuts
/// the others down gracefully and then exits non-zero (a supervisor restarts it) instead of exiting 0 as
/// if an operator had stopped it.
struct StopGuard: Service, CustomStringConvertible {
    /// The wrapped service.
    let base: any Service
    /// Its name in logs and errors.
    let name: String

    var description: String { name }

    func run() async throws {
        try await base.run()
        // The graceful-shutdown state is task-local and this wrapper runs in the service's own task.
        if !Task.isShuttingDownGracefully && !Task.isCancelled {
            throw PhoenixDaemonError(service: name)
        }
    }
}
