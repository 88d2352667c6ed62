import ArgumentParser
import Foundation
import Logging
import PhoenixEngine
import PhoenixNotify
import PhoenixReconciler

/// `phoenix-gitops watch [--once] [--interval DUR] [--listen HOST:PORT]`: the daemon.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch the config repository and reconcile every change (the daemon).",
        discussion: """
            Polls every --interval (with ±10% jitter; after fetch errors the delay doubles up to \
            fetch_backoff_max_seconds). An idle poll costs one fetch negotiation. With no --repo and no \
            settings, the embedded default is used: <state-dir>/config.git is created from the bundled \
            example and applied to the local target. SIGTERM or SIGINT finish the stage in progress, \
            record the run and exit 0. --once runs one reconcile and exits 0 (success, nothing to do) or 1. \
            Every --drift-interval (default 10m, 0s: off) the target is checked for drift (docs/drift.md), \
            and drifted stages are re-applied when the settings say self_heal; every \
            certificate_interval_seconds (default 1h) certificates nearing expiry are renewed without a commit.

            With --listen (or `listen` in the settings) the HTTP server runs too: POST /hooks/github, \
            /hooks/gitea, /hooks/gitlab, /hooks/generic wake the reconciler (signed with the secret from \
            webhook_secret_file or PHOENIX_WEBHOOK_SECRET; with neither, webhooks are answered 503 and \
            polling goes on); GET /healthz, /readyz, /status and /metrics (Prometheus). A secret file that \
            cannot be read stops the watcher before it starts. See docs/operations.md.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Run a single reconcile and exit.")
    var once = false

    @Option(help: "Poll interval, e.g. 30s, 5m, 1h (default 60s or the settings' interval_seconds).")
    var interval: String?

    @Option(name: .customLong("drift-interval"), help: "Drift check interval, e.g. 10m (default 10m or the settings' drift_interval_seconds; 0s: off).")
    var driftInterval: String?

    @Option(help: "HOST:PORT of the HTTP server: webhooks, /healthz, /readyz, /status, /metrics (also `listen` in the settings).")
    var listen: String?

    @Option(help: "Output format of --once: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        var settings = try global.resolved()
        if let interval { settings.intervalSeconds = try EngineSetup.seconds(interval, option: "interval") }
        if let listen { settings.listen = listen }
        if let driftInterval {
            settings.driftIntervalSeconds = try EngineSetup.seconds(driftInterval, option: "drift-interval")
        }
        guard settings.intervalSeconds > 0 else { throw ValidationErrorText("--interval must be more than 0s") }
        let logger = EngineSetup.logger()
        if once {
            var configuration = try EngineSetup.configuration(settings, logger: logger)
            let notify = try Self.notifier(settings, configuration: &configuration, logger: logger)
            let reconciler = Reconciler(configuration)
            let service = ReconcileCoordinator(reconciler: reconciler, logger: logger)
            let result = await service.run(RunTrigger(.startup))
            await service.shutdown()
            await notify?.stop(drainFor: Self.notificationDrain)
            try RunResultText.output(result, format: format).emit()
            return
        }
        try await WatchDaemon(settings: settings, logger: logger).run()
    }

    /// How long a stopping watcher keeps sending the commit statuses and notifications still queued.
    static let notificationDrain: Duration = .seconds(15)

    /// Starts the commit statuses and notifications of `settings` (nil when none are configured) and
    /// hooks them into `configuration`. A token or URL that cannot be read stops the start.
    static func notifier(
        _ settings: WatcherSettings, configuration: inout ReconcilerConfiguration, logger: Logger
    ) throws -> NotifierSetup? {
        let notify = try NotifierSetup.start(
            settings: settings, identity: configuration.identity, repository: configuration.endpoint.displayURL,
            logger: logger)
        if let notify { configuration.events = notify.notifier }
        return notify
    }

    /// The poll schedule of `settings`: the interval with ±10% jitter, backing off after fetch errors.
    static func schedule(_ settings: WatcherSettings) -> PollSchedule {
        PollSchedule(intervalSeconds: settings.intervalSeconds, jitter: 0.1, maxBackoffSeconds: settings.fetchBackoffMaxSeconds)
    }

    /// The start-up line: what is watched, how often, by whom.
    static func announce(_ reconciler: Reconciler, settings: WatcherSettings, logger: Logger) {
        logger.notice(
            "watching",
            metadata: [
                "repository": "\(reconciler.configuration.endpoint.displayURL)", "branch": "\(settings.branch)",
                "interval": "\(DurationText.format(seconds: settings.intervalSeconds))",
                "watcher": "\(reconciler.configuration.identity.id)",
            ])
    }
}
