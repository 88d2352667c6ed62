import Foundation
import Logging

/// The poll loop of `watch`: a run right away, then one every interval (with jitter); after fetch
/// errors the delay doubles up to the backoff cap. Cancel the task running ``run()`` to stop it
/// (the sleep ends at once); combine with ``ReconcileCoordinator/shutdown()`` for a graceful stop.
public struct Watcher: Sendable {
    /// Sleeps for a number of seconds; throws when cancelled.
    public typealias Sleeper = @Sendable (Double) async throws -> Void

    /// Where runs go.
    public let service: ReconcileCoordinator
    /// Delays between polls.
    public let schedule: PollSchedule
    /// Sleeps (injected by tests to record delays instead of waiting).
    public let sleep: Sleeper
    /// Picks the jitter in -1...1.
    public let jitter: @Sendable () -> Double
    private let logger: Logger

    /// Creates a watcher.
    public init(
        service: ReconcileCoordinator, schedule: PollSchedule, logger: Logger = Logger(label: "phoenix-gitops.watch"),
        sleep: @escaping Sleeper = { seconds in try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: -1...1) }
    ) {
        self.service = service
        self.schedule = schedule
        self.logger = logger
        self.sleep = sleep
        self.jitter = jitter
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
            if let maxPolls, polls >= maxPolls { break }
            let delay = schedule.delay(fetchFailures: fetchFailures, unit: jitter())
            if fetchFailures > 0 {
                logger.warning(
                    "fetch failed \(fetchFailures) time(s) in a row; next poll in \(DurationText.format(seconds: delay))")
            } else {
                logger.debug("next poll in \(DurationText.format(seconds: delay))")
            }
            do {
                try await sleep(delay)
            } catch {
                break
            }
        }
        return last
    }
}
