import Foundation
import Logging
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// Everything a ``Reconciler`` needs, built once per process (``ReconcilerConfiguration/make(settings:catalogue:planner:logger:)``
/// from settings, or field by field in tests).
public struct ReconcilerConfiguration: Sendable {
    /// The effective settings.
    public var settings: WatcherSettings
    /// The config repository.
    public var endpoint: RemoteEndpoint
    /// The stages.
    public var catalogue: StageCatalogue
    /// Decides which stages run.
    public var planner: any RunPlanner
    /// Applies to the target.
    public var driver: any HostDriver
    /// The signature policy.
    public var verifier: SignatureVerifier
    /// This watcher.
    public var identity: WatcherIdentity
    /// Retry backoff of failed stages.
    public var retry: RetryPolicy
    /// Crash points for the recovery tests (off unless `PHOENIX_CRASH_AT` is set).
    public var crash: CrashInjection
    /// The clock (injected by tests).
    public var now: @Sendable () -> Date
    /// Where logs go; every line of a run carries `run_id=<id>`.
    public var logger: Logger
    /// Where runs, stages, fetches and triggers are counted (the process-wide `MetricsSystem` unless
    /// set; `watch --listen` sets the Prometheus backend it serves at `/metrics`).
    public var metrics: PhoenixMetrics
    /// Where run events go (commit statuses, notifications: PhoenixNotify); nothing by default.
    public var events: any RunEventSink = NoRunEvents()
    /// Parsed configuration files by blob id, kept for the life of the process (copies of the
    /// configuration share it): a run parses only the files its commit changed, and a drift check none
    /// (issue #16 item 2).
    public var documents = ParsedBlobCache()

    /// Creates a configuration.
    public init(
        settings: WatcherSettings, endpoint: RemoteEndpoint, catalogue: StageCatalogue, planner: any RunPlanner,
        driver: any HostDriver, verifier: SignatureVerifier, identity: WatcherIdentity, retry: RetryPolicy,
        crash: CrashInjection = CrashInjection(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "phoenix-gitops"), metrics: PhoenixMetrics = PhoenixMetrics()
    ) {
        self.settings = settings
        self.endpoint = endpoint
        self.catalogue = catalogue
        self.planner = planner
        self.driver = driver
        self.verifier = verifier
        self.identity = identity
        self.retry = retry
        self.crash = crash
        self.now = now
        self.logger = logger
        self.metrics = metrics
    }

    /// The configuration of `settings`: endpoint and credentials, the driver (`local` under the target
    /// root, or `proxmox`), the signature policy, the watcher id, retry policy, and the crash hook
    /// from the environment.
    /// - Throws: ``EngineError/configuration(_:)`` for settings that cannot work.
    public static func make(
        settings: WatcherSettings, catalogue: StageCatalogue, planner: any RunPlanner = StandardRunPlanner(),
        logger: Logger = Logger(label: "phoenix-gitops")
    ) throws -> ReconcilerConfiguration {
        let driver: any HostDriver
        switch settings.driver {
        case .local: driver = LocalDriver(root: settings.resolvedTargetRoot.path)
        case .proxmox:
            // `target_root`, when set, stands for the host's "/" (a dry run into a folder, or a simulated
            // node in tests); unset, the driver works on the host itself.
            driver = ProxmoxDriver(options: .init(
                hostRoot: settings.targetRoot ?? "/",
                cluster: settings.cluster?.driverCluster(stateDirectory: settings.stateDirectory)))
        }
        return ReconcilerConfiguration(
            settings: settings, endpoint: RemoteEndpoint.from(settings: settings), catalogue: catalogue, planner: planner,
            driver: driver, verifier: try SignatureVerifier.from(settings: settings),
            identity: WatcherIdentity.derive(from: settings),
            retry: RetryPolicy(baseSeconds: settings.retryBaseSeconds, maxSeconds: settings.retryMaxSeconds),
            crash: CrashInjection.fromEnvironment(), logger: logger)
    }

    /// The author of status and rollback commits.
    public var author: Signature {
        Signature(name: settings.commitAuthorName, email: settings.commitAuthorEmail, date: now())
    }
}
