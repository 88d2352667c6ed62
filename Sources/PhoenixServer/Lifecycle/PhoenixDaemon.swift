public import Logging
public import ServiceLifecycle
public import UnixSignals

/// The `watch` daemon: the engine's services (poller, reconciler, ...) and, with `--listen`, the HTTP
/// server in one `ServiceGroup`, stopped gracefully by SIGTERM or SIGINT. Without a server it is the same
/// group less the HTTP service, so a signal behaves the same with or without `--listen` (issue #18 item 3).
///
/// The caller's services start once the HTTP server listens (a taken port stops the daemon before any
/// stage runs), and everything shuts down in reverse order, so the HTTP server (always last) stops
/// accepting webhooks first; then the caller's services get their graceful-shutdown signal in reverse
/// order: a poller before the reconciler, which finishes the stage in progress, writes its state and
/// returns. `run()` then returns normally and the process exits 0.
///
/// ```swift
/// let daemon = PhoenixDaemon(server: server, services: [reconciler, poller], logger: logger)
/// try await daemon.run()
/// ```
public struct PhoenixDaemon: Sendable {
    /// The HTTP server (nil: `watch` without `--listen`).
    public let server: WatcherServer?
    /// The caller's services in dependency order (dependencies first), e.g. `[reconciler, poller]`.
    public let services: [any Service]
    /// The signals that start a graceful shutdown.
    public let gracefulShutdownSignals: [UnixSignal]
    /// How long a graceful shutdown may take before the remaining services are cancelled; nil waits
    /// for ever. The default (5 minutes) lets a stage such as a Docker stack deploy finish; the systemd
    /// unit's `TimeoutStopSec` must be longer.
    public let maximumGracefulShutdownDuration: Duration?
    /// The daemon's logger.
    public let logger: Logger

    /// Creates a daemon.
    public init(
        server: WatcherServer?, services: [any Service], logger: Logger,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        maximumGracefulShutdownDuration: Duration? = .seconds(300)
    ) {
        self.server = server
        self.services = services
        self.logger = logger
        self.gracefulShutdownSignals = gracefulShutdownSignals
        self.maximumGracefulShutdownDuration = maximumGracefulShutdownDuration
    }

    /// The service group: the caller's services, then the HTTP application.
    ///
    /// Any service that throws, or returns while no shutdown was asked for, shuts the others down
    /// gracefully and makes `run()` throw (the daemon must not keep serving webhooks with no reconciler
    /// behind them, and a supervisor should see the failure).
    ///
    /// - Parameter onServerRunning: called with the bound port once the HTTP server listens.
    public func makeServiceGroup(onServerRunning: @escaping @Sendable (Int?) async -> Void = { _ in }) -> ServiceGroup {
        var guarded: [(service: StopGuard, name: String)]
        if let server {
            let gate = StartGate()
            let app = server.makeApplication { port in
                server.logger.info(
                    "listening", metadata: ["host": "\(server.configuration.listen.host)", "port": "\(port ?? -1)"])
                gate.open()
                await onServerRunning(port)
            }
            guarded = Self.guarded(services, gate: gate)
            guarded.append((StopGuard(base: app, name: "http", gate: nil), "http"))
        } else {
            guarded = Self.guarded(services, gate: nil)
        }
        let configurations = guarded.map { service, name in
            ServiceGroupConfiguration.ServiceConfiguration(
                service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: name)
        }
        var configuration = ServiceGroupConfiguration(
            services: configurations, gracefulShutdownSignals: gracefulShutdownSignals, logger: logger)
        configuration.maximumGracefulShutdownDuration = maximumGracefulShutdownDuration
        return ServiceGroup(configuration: configuration)
    }

    private static func guarded(_ services: [any Service], gate: StartGate?) -> [(service: StopGuard, name: String)] {
        services.enumerated().map { index, service in
            let name = "\(type(of: service))#\(index)"
            return (StopGuard(base: service, name: name, gate: gate), name)
        }
    }

    /// Runs until a shutdown signal (returns normally) or until a service fails (throws its error).
    public func run() async throws {
        try await makeServiceGroup().run()
    }
}
