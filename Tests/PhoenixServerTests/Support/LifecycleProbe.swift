import ServiceLifecycle

/// A service standing for the engine's poller or reconciler: records start and graceful shutdown, and on
/// shutdown notes whether the HTTP port still accepts connections (it must not: the server stops first).
struct LifecycleProbe: Service {
    let name: String
    let log: EventLog
    let port: @Sendable () async -> Int?
    /// Return right after starting, as a crashed service would.
    var returnsEarly = false

    func run() async throws {
        await log.append("\(name) started")
        if returnsEarly { return }
        try? await gracefulShutdown()
        let accepting = await port().map { listeningSocket(onPort: $0) != nil } ?? false
        // Standing for "finish the stage in progress, write state".
        await log.append("\(name) stopped (http accepting: \(accepting))")
    }
}
