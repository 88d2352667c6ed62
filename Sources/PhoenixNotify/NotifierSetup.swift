import Foundation
import Logging
import PhoenixEngine
import PhoenixReconciler

/// A running notifier of the settings: the transport, the notifier, and the task that runs it.
public struct NotifierSetup: Sendable {
    /// The sink to put in ``PhoenixEngine/ReconcilerConfiguration/events``.
    public let notifier: RunNotifier
    /// The HTTP transport (shut down by ``stop(drainFor:)``).
    public let transport: AsyncHTTPTransport
    private let task: Task<Void, Never>

    /// Builds and starts the notifier of `settings`, or returns nil when neither `forge` (with
    /// `commit_statuses`) nor any notification target is set.
    ///
    /// - Throws: ``PhoenixEngine/SettingsError`` when the token or a target URL cannot be read: a
    ///   watcher told to report must not start silent.
    public static func start(
        settings: WatcherSettings, identity: WatcherIdentity, repository: String, metrics: NotifyMetrics = NotifyMetrics(),
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) throws -> NotifierSetup? {
        let statuses = settings.forge.flatMap { $0.commitStatuses ? $0 : nil }
        guard statuses != nil || !settings.notifications.targets.isEmpty else { return nil }
        let forge = try statuses.map { ForgeAPI(settings: $0, token: try $0.token(environment: environment)) }
        let targets = try settings.notifications.targets.map {
            ResolvedTarget(target: $0, url: try $0.resolvedURL(environment: environment))
        }
        let context = NotifierContext(
            watcher: settings.forge?.watcher ?? identity.id, repository: repository, branch: settings.branch,
            statusURL: settings.forge?.statusURL)
        let delivery = settings.notifications
        let transport = AsyncHTTPTransport(
            timeout: .milliseconds(Int64(delivery.timeoutSeconds * 1000)), proxies: ProxyEnvironment(environment: environment))
        let queue = DeliveryQueue(
            transport: transport, limit: delivery.queueLimit, maxAttempts: delivery.maxAttempts,
            timing: RetryTiming(baseSeconds: delivery.retryBaseSeconds), metrics: metrics, logger: logger)
        let notifier = RunNotifier(
            interpreter: EventInterpreter(context: context), forge: forge, targets: targets, queue: queue, metrics: metrics,
            logger: logger)
        metrics.prime()
        logger.notice(
            "notifications enabled",
            metadata: [
                "commit_statuses": "\(statuses.map { "\($0.provider.rawValue) \($0.repository) (\(context.statusContext), token from \($0.tokenOrigin))" } ?? "off")",
                "targets": "\(targets.map { "\($0.target.name) (\($0.target.format.rawValue))" }.joined(separator: ", "))",
            ])
        let task = Task { await notifier.run() }
        return NotifierSetup(notifier: notifier, transport: transport, task: task)
    }

    private init(notifier: RunNotifier, transport: AsyncHTTPTransport, task: Task<Void, Never>) {
        self.notifier = notifier
        self.transport = transport
        self.task = task
    }

    /// Sends what waits for at most `drainFor`, then stops the notifier and closes the transport.
    public func stop(drainFor timeout: Duration) async {
        await notifier.stop(drainFor: timeout)
        task.cancel()
        _ = await task.value
        await transport.shutdown()
    }
}
