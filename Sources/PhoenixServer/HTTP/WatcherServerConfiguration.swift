public import PhoenixEngine

/// Everything the watcher's HTTP server is configured with.
public struct WatcherServerConfiguration: Sendable {
    /// Where to listen.
    public var listen: ListenAddress
    /// The tracked branch (short name or full ref); pushes to other refs are answered `ignored: branch`.
    public var trackedBranch: String
    /// The shared webhook secret; nil disables webhooks (answered 503).
    public var webhookSecret: WebhookSecret?
    /// Largest webhook body read, in bytes; larger ones are answered 413 (default 1 MiB).
    public var maxWebhookBodyBytes: Int
    /// How old the last successful fetch may be before `/readyz` says not ready.
    public var readinessMaxFetchAge: Duration
    /// Timeouts and the connection cap (ADR 0021).
    public var limits: HTTPLimits

    /// The default body limit: 1 MiB, as doco-cd; a push payload of GitHub's is rarely over 100 KiB.
    public static let defaultMaxWebhookBodyBytes = 1 << 20

    /// Creates a configuration.
    public init(
        listen: ListenAddress, trackedBranch: String, webhookSecret: WebhookSecret?,
        maxWebhookBodyBytes: Int = defaultMaxWebhookBodyBytes, readinessMaxFetchAge: Duration = .seconds(300),
        limits: HTTPLimits = HTTPLimits()
    ) {
        self.limits = limits
        self.listen = listen
        self.trackedBranch = trackedBranch
        self.webhookSecret = webhookSecret
        self.maxWebhookBodyBytes = maxWebhookBodyBytes
        self.readinessMaxFetchAge = readinessMaxFetchAge
    }

    /// The configuration the settings describe: `listen` (default `127.0.0.1:8080`), `branch`, and a fetch
    /// age limit of three poll intervals (at least five minutes, so a slow fetch is not an outage).
    /// The secret is loaded separately (``WebhookSecret/load(settings:environment:)``) so its errors reach
    /// the operator before the server starts.
    public init(settings: WatcherSettings, webhookSecret: WebhookSecret?) throws(ListenAddressError) {
        let listen = try ListenAddress(parsing: settings.listen ?? "127.0.0.1:8080")
        // A settings file can hold any number; only a finite, sane one may reach Int64(_:), which traps.
        let threeIntervals = 3 * settings.intervalSeconds
        let ageSeconds =
            threeIntervals.isFinite && threeIntervals < 1e9 ? max(300, Int64(threeIntervals.rounded(.up))) : 300
        self.init(
            listen: listen, trackedBranch: settings.branch, webhookSecret: webhookSecret,
            readinessMaxFetchAge: .seconds(ageSeconds), limits: settings.http)
    }
}
