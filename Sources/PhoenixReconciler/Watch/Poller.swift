import Foundation
import Logging
import PhoenixEngine

/// The poll loop of `watch`: a run right away, then one every interval (with jitter); after fetch
/// errors the delay doubles up to the backoff cap. Between polls it runs its timers when they are due
/// (``MaintenanceSchedule``): the drift check (with self-heal when on) and the time-driven
/// certificates run, each under the run lock like any run. Cancel the task running ``run()`` to stop
/// it (the sleep ends at once, a self-heal in progress stops after its stage); combine with
/// ``ReconcileCoordinator/shutdown()`` for a graceful stop.
public struct Poller: Sendable {
    /// Sleeps for a number of seconds; throws when cancelled.
    public typealias Sleeper = @Sendable (Double) async throws -> Void

    /// Where runs go.
    public let service: ReconcileCoordinator
    /// Delays between polls.
    public let schedule: PollSchedule
    /// Drift checks and time-driven runs.
    public let maintenance: MaintenanceSchedule
    /// Sleeps (injected by tests to record delays instead of waiting).
    public let sleep: Sleeper
    /// Picks the jitter in -1...1.
    public let jitter: @Sendable () -> Double
    /// The clock the timers follow (injected by tests together with `sleep`).
    public let now: @Sendable () -> Date
    /// Where the drift gauge goes.
    public let metrics: PhoenixMetrics
    private let logger: Logger

    /// Creates a watcher.
    public init(
        service: ReconcileCoordinator, schedule: PollSchedule, maintenance: MaintenanceSchedule = .off,
        logger: Logger = Logger(label: "phoenix-gitops.watch"),
        sleep: @escaping Sleeper = { seconds in try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: -1...1) },
        now: @escaping @Sendable () -> Date = { Date() }, metrics: PhoenixMetrics = PhoenixMetrics()
    ) {
        self.service = service
        self.schedule = schedule
        self.maintenance = maintenance
        self.logger = logger
        self.sleep = sleep
        self.jitter = jitter
        self.now = now
        self.metrics = metrics
    }

    /// Runs one reconcile (`watch --once`) and returns its result.
    public func runOnce() async -> RunResult {
        await service.run(RunTrigger(.startup))
    }

    /// Polls until cancelled (or until `maxPolls`, for tests); returns the last result.
    @discardableResult
    public func run(maxPolls: Int? = nil) async -> RunResult? {
        var fetchFailures = 0
        var last: RunResult?
        var polls = 0
        var trigger = RunTrigger(.startup)
        var timers = Timers(
            drift: maintenance.driftIntervalSeconds.map { _ in now() },
            certificates: maintenance.certificateIntervalSeconds.map { _ in now() })
        while !Task.isCancelled {
            let result = await service.run(trigger)
            last = result
            polls += 1
            trigger = RunTrigger(.poll)
            if case .fetchFailed = result.outcome {
                fetchFailures += 1
            } else {
                fetchFailures = 0
            }
            if await service.isShuttingDown { break }
            await runTimers(due: now(), &timers)
            if Task.isCancelled { break }
            if await service.isShuttingDown { break }
            if let maxPolls, polls >= maxPolls { break }
            let delay = schedule.delay(fetchFailures: fetchFailures, unit: jitter())
            if fetchFailures > 0 {
                logger.warning(
                    "fetch failed \(fetchFailures) time(s) in a row; next poll in \(DurationText.format(seconds: delay))")
            } else {
                logger.debug("next poll in \(DurationText.format(seconds: delay))")
            }
            do {
                try await wait(delay, &timers)
            } catch {
                break
            }
        }
        return last
    }

    /// When each timer is next due (nil: off).
    private struct Timers {
        var drift: Date?
        var certificates: Date?

        var next: Date? { [drift, certificates].compactMap { $0 }.min() }
    }

    /// Sleeps `delay` seconds until the next poll, running the timers that fall due before it at their
    /// time. Each sleep goes through `sleep` with exact seconds (the whole delay when no timer falls in
    /// it), so a test clock advanced by the sleeper keeps the schedule deterministic.
    private func wait(_ delay: Double, _ timers: inout Timers) async throws {
        let pollAt = now().addingTimeInterval(delay)
        var ranTimers = false
        while let due = timers.next, due < pollAt {
            let seconds = due.timeIntervalSince(now())
            if seconds > 0 { try await sleep(seconds) }
            if Task.isCancelled { throw CancellationError() }
            await runTimers(due: due, &timers)
            ranTimers = true
            if await service.isShuttingDown { throw CancellationError() }
        }
        try await sleep(ranTimers ? max(0.001, pollAt.timeIntervalSince(now())) : delay)
    }

    /// Runs every timer due at or before `time`, then schedules it one interval after its due time (or
    /// one interval from now when it fell that far behind).
    private func runTimers(due time: Date, _ timers: inout Timers) async {
        if let due = timers.drift, due <= time, let interval = maintenance.driftIntervalSeconds {
            await checkDrift()
            timers.drift = Self.nextDue(after: due, interval: interval, now: now())
        }
        if Task.isCancelled { return }
        if let due = timers.certificates, due <= time, let interval = maintenance.certificateIntervalSeconds {
            await renewCertificates()
            timers.certificates = Self.nextDue(after: due, interval: interval, now: now())
        }
    }

    /// When a timer that was due at `due` is due next: one interval later, or one interval from `now`
    /// when it fell further behind (a check that took longer than its interval does not start again at
    /// once).
    public static func nextDue(after due: Date, interval: Double, now: Date) -> Date {
        let next = due.addingTimeInterval(interval)
        return next > now ? next : now.addingTimeInterval(interval)
    }

    private func checkDrift() async {
        let stop = StopSignal()
        let reconciler = service.reconciler
        let options = DriftOptions(heal: maintenance.selfHeal)
        let outcome = await withTaskCancellationHandler {
            await reconciler.checkDrift(options: options, detail: "scheduled drift check", stop: stop)
        } onCancel: {
            stop.request()
        }
        if let report = outcome.report {
            metrics.driftChecked(report)
        } else if let failure = outcome.failure {
            logger.warning("drift check did not run: \(failure)")
        }
    }

    private func renewCertificates() async {
        let stop = StopSignal()
        let reconciler = service.reconciler
        let result = await withTaskCancellationHandler {
            await reconciler.renewCertificates(stop: stop)
        } onCancel: {
            stop.request()
        }
        switch result.outcome {
        case .idle: break
        case .finished(let kind): logger.info("time-driven certificates run: \(kind.rawValue)")
        default: logger.warning("time-driven certificates run: \(result.outcome)")
        }
    }
}
