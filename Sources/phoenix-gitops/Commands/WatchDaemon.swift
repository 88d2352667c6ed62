import Foundation
import Logging
import PhoenixEngine
import PhoenixNotify
import PhoenixServer
import PhoenixStages

/// `watch` with its HTTP server: the reconciler, the poller and the webhook/health/metrics server in one
/// `PhoenixDaemon`, stopped gracefully by SIGTERM or SIGINT (docs/operations.md).
struct WatchDaemon {
    let settings: WatcherSettings
    let logger: Logger

    /// Checks everything that can be wrong before anything starts (the listen address, the secret), then
    /// runs until a signal (returns) or until a part fails (throws: the process exits non-zero).
    func run() async throws {
        // The secret first: an unreadable secret file must stop the watcher before any run or repository.
        let secret = try WebhookSecret.load(settings: settings)
        var serverConfiguration = try WatcherServerConfiguration(settings: settings, webhookSecret: secret)
        // Descriptors: the soft limit up to the hard one, and a connection cap that leaves the daemon its
        // own (ADR 0021).
        if let raised = DescriptorLimit.raiseSoftLimitToHard(), raised.after != raised.before {
            logger.info("descriptor limit raised", metadata: ["from": "\(raised.before)", "to": "\(raised.after)"])
        }
        if let soft = DescriptorLimit.current()?.soft {
            let cap = DescriptorLimit.connectionCap(configured: serverConfiguration.limits.maxConnections, softLimit: soft)
            if cap < serverConfiguration.limits.maxConnections {
                logger.warning(
                    "http.max_connections lowered to keep descriptors for the reconciler",
                    metadata: ["configured": "\(serverConfiguration.limits.maxConnections)", "used": "\(cap)",
                               "descriptor_limit": "\(soft)"])
                serverConfiguration.limits.maxConnections = cap
            }
        }
        if let secret {
            logger.notice("webhooks enabled", metadata: ["secret": "\(secret.origin)"])
        } else {
            logger.warning(
                "no webhook secret (webhook_secret_file or \(WebhookSecret.environmentVariable)): webhooks are answered 503; polling only")
        }

        // One registry per process: the engine's runs, stages, fetches and triggers and the server's
        // webhooks all land in it, and /metrics serves it.
        let backend = PrometheusBackend()
        backend.bootstrapProcessWide()
        var configuration = try EngineSetup.configuration(settings, logger: logger)
        configuration.metrics = backend.metrics
        backend.prime(stages: configuration.catalogue.ids.map(\.rawValue))
        let notify = try NotifierSetup.start(
            settings: settings, identity: configuration.identity, repository: configuration.endpoint.displayURL,
            metrics: NotifyMetrics(factory: backend.factory), logger: logger)
        if let notify { configuration.events = notify.notifier }

        let reconciler = Reconciler(configuration)
        let coordinator = ReconcileCoordinator(reconciler: reconciler, logger: logger)
        let poller = Watcher(
            service: coordinator, schedule: WatchCommand.schedule(settings),
            maintenance: MaintenanceSchedule(settings: settings), logger: logger)
        let server = WatcherServer(
            configuration: serverConfiguration, service: coordinator, backend: backend, logger: logger)
        WatchCommand.announce(reconciler, settings: settings, logger: logger)
        do {
            try await PhoenixDaemon(server: server, coordinator: coordinator, poller: poller, logger: logger).run()
        } catch {
            await notify?.stop(drainFor: WatchCommand.notificationDrain)
            if let failure = ListenFailure(error, listen: serverConfiguration.listen) { throw failure }
            throw error
        }
        await notify?.stop(drainFor: WatchCommand.notificationDrain)
        logger.notice("stopped")
    }
}
