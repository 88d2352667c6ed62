import Foundation
import ServiceLifecycle

/// Runs a daemon service: waits for the start gate (if any), then turns "returned while nobody asked it
/// to stop" into an error, so the daemon shuts the others down gracefully and then exits non-zero (a
/// supervisor restarts it) instead of exiting 0 as if an operator had stopped it.
struct StopGuard: Service, CustomStringConvertible {
    /// The wrapped service.
    let base: any Service
    /// Its name in logs and errors.
    let name: String
    /// Opened once the HTTP server listens; nil for the HTTP server itself.
    let gate: StartGate?

    var description: String { name }

    func run() async throws {
        if let gate {
            let id = UUID()
            let opened = await withTaskCancellationHandler {
                await withGracefulShutdownHandler {
                    await gate.wait(id: id)
                } onGracefulShutdown: {
                    gate.abandon(id: id)
                }
            } onCancel: {
                gate.abandon(id: id)
            }
            // Shut down before the server ever listened (e.g. its port was taken): never started, done.
            guard opened else { return }
        }
        try await base.run()
        // The graceful-shutdown state is task-local and this wrapper runs in the service's own task.
        if !Task.isShuttingDownGracefully && !Task.isCancelled {
            throw PhoenixDaemonError(service: name)
        }
    }
}
