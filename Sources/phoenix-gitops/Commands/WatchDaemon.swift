import Foundation
import Logging
import PhoenixEngine
import PhoenixNotify
import PhoenixReconciler
import PhoenixServer
import PhoenixStages

/// `watch`: the reconciler, the poller and, with `--listen`, the webhook/health/metrics server in one
/// `PhoenixDaemon` (one ServiceGroup), stopped gracefully by SIGTERM or SIGINT the same way with or
/// without the server (docs/operations.md, issue #18 item 3).
struct WatchDaemon {
    let settings: WatcherSettings
    let logger: Logger

    /// Checks everything that can be wrong before anything starts (the listen address, the secret), then
    /// runs until a signal (returns) or until a part fails (throws: the process exits non-zero).
    func run() async throws {
        let http = try settings.listen.map { _ in try serverConfiguration() }
        // One registry per process: the engine's runs, stages, fetches and triggers and the server's
        // webhooks all land in it, and /metrics serves it (only a server serves it).
        let backend = http.map { _ in PrometheusBackend() }
        backend?.bootstrapProcessWide()
        var configuration = try EngineSetup.configuration(settings, logger: logger)
        if let backend {
            configuration.metrics = backend.metrics
            backend.prime(stages: configuration.catalogue.ids.map(\.rawValue))
        }
        let notify = try NotifierSetup.start(
            settings: settings, identity: configuration.identity, repository: configuration.endpoint.displayURL,
            metrics: backend.map { NotifyMetrics(factory: $0.factory) } ?? NotifyMetrics(), logger: logger)
        if let notify { configuration.events = notify.notifier }

        let reconciler = Reconciler(configuration)
        let coordinator = ReconcileCoordinator(reconciler: reconciler, logger: logger)
        let poller = Poller(
            service: coordinator, schedule: WatchCommand.schedule(settings),
            maintenance: MaintenanceSchedule(settings: settings), logger: logger)
        var server: WatcherServer?
        if let http, let backend {
            server = WatcherServer(configuration: http, service: coordinator, backend: backend, logger: logger)
        }
        WatchCommand.announce(reconciler, settings: settings, logger: logger)
        do {
            try await PhoenixDaemon(server: server, coordinator: coordinator, poller: poller, logger: logger).run()
        } catch {
            await notify?.stop(drainFor: WatchCommand.notificationDrain)
            if let http, let failure = ListenFailure(error, listen: http.listen) { throw failure }
            throw error
        }
        await notify?.stop(drainFor: WatchCommand.notificationDrain)
        logger.notice("stopped")
    }

    /// The HTTP server's configuration: the secret first (an unreadable secret file must stop the watcher
    /// before any run or repository), the listen address, and a connection cap that leaves the daemon its
    /// own descriptors (ADR 0021).
    private func serverConfiguration() throws -> WatcherServerConfiguration {
        let secret = try WebhookSecret.load(settings: settings)
        var serverConfiguration = try WatcherServerConfiguration(settings: settings, webhookSecret: secret)
        if let raised = DescriptorLimit.raiseSoftLimitToHard(), raised.after != raised.before {
            logger.info("descriptor limit raised", metadata: ["from": "\(raised.before)", "to": "\(raised.after)"])
        }
        if let soft = DescriptorLimit.current()?.soft {
            let cap = DescriptorLimit.connectionCap(configured: serverConfiguration.limits.maxConnections, softLimit: soft)
            if cap < serverConfiguration.limits.maxConnections {
                logger.warning(
                    "http.max_connections lowered to keep descriptors for the reconciler",
                    metadata: [
                        "configured": "\(serverConfiguration.limits.maxConnections)", "used": "\(cap)",
                        "descriptor_limit": "\(soft)",
                    ])
                serverConfiguration.limits.maxConnections = cap
            }
        }
        if let secret {
            logger.notice("webhooks enabled", metadata: ["secret": "\(secret.origin)"])
        } else {
            logger.warning(
                "no webhook secret (webhook_secret_file or \(WebhookSecret.environmentVariable)): webhooks are answered 503; polling only")
        }
        return serverConfiguration
    }
}
