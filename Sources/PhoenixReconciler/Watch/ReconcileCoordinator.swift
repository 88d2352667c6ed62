import Foundation
import Logging
import PhoenixEngine

/// The reconciler of a long-running process: one run at a time, triggers that arrive during a run
/// collapse into one follow-up run, results go to every observer.
///
/// This is the API the webhook server and `watch` use:
/// ```swift
/// let service = ReconcileCoordinator(reconciler: reconciler)
/// let id = await service.trigger(RunTrigger(.webhook, detail: "github delivery 42"))
/// let result = await service.result(of: id)          // or: for await r in await service.results() { ... }
/// await service.shutdown()                            // finish the stage in progress, then stop
/// ```
public actor ReconcileCoordinator {
    /// The reconciler.
    public let reconciler: Reconciler
    private let logger: Logger
    private var current: (id: RunID, stop: StopSignal)?
    private var pending: (id: RunID, triggers: [RunTrigger], options: RunOptions)?
    private var finished: [RunID: RunResult] = [:]
    private var finishedOrder: [RunID] = []
    private var waiters: [RunID: [CheckedContinuation<RunResult, Never>]] = [:]
    private var observers: [UUID: AsyncStream<RunResult>.Continuation] = [:]
    private var shuttingDown = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// The result of the most recent run.
    public private(set) var lastResult: RunResult?
    /// The last fetch any run of this coordinator made (for `/readyz`).
    public private(set) var lastFetch: FetchReport?

    /// How many finished results are kept for ``result(of:)``.
    public static let retainedResults = 64

    /// A service over `reconciler`.
    public init(reconciler: Reconciler, logger: Logger? = nil) {
        self.reconciler = reconciler
        self.logger = logger ?? reconciler.configuration.logger
    }

    /// Asks for a run and returns the id of the run that will serve it: a new run when idle, else the
    /// single follow-up run every trigger arriving during the current run shares. After
    /// ``shutdown()`` a trigger is answered with a run id whose result is `failedToStart`.
    @discardableResult
    public func trigger(_ trigger: RunTrigger, options: RunOptions = RunOptions()) -> RunID {
        submit(trigger, options: options).runID
    }

    /// ``trigger(_:options:)`` with how the trigger was taken (started, queued, coalesced, refused),
    /// for webhook replies and metrics.
    ///
    /// Every submitted trigger is counted here (`phoenix_triggers_total{source, disposition}`), whatever
    /// woke the reconciler, so the webhook server does not count them again.
    @discardableResult
    public func submit(_ trigger: RunTrigger, options: RunOptions = RunOptions()) -> TriggerReceipt {
        let receipt = take(trigger, options: options)
        reconciler.configuration.metrics.triggered(source: trigger.kind.rawValue, disposition: receipt.disposition.rawValue)
        return receipt
    }

    private func take(_ trigger: RunTrigger, options: RunOptions) -> TriggerReceipt {
        if shuttingDown {
            let id = RunID.make()
            let message = "the watcher is shutting down"
            complete(RunResult(id: id, outcome: .failedToStart(message)))
            return TriggerReceipt(runID: id, disposition: .refused, message: message)
        }
        if current == nil {
            let id = RunID.make()
            start(id: id, triggers: [trigger], options: options)
            return TriggerReceipt(runID: id, disposition: .started)
        }
        if var queued = pending {
            queued.triggers.append(trigger)
            queued.options = queued.options.merged(with: options)
            pending = queued
            logger.debug("trigger coalesced", metadata: ["run_id": "\(queued.id)", "trigger": "\(trigger)"])
            return TriggerReceipt(runID: queued.id, disposition: .coalesced)
        }
        let id = RunID.make()
        pending = (id, [trigger], options)
        logger.debug("trigger queued", metadata: ["run_id": "\(id)", "trigger": "\(trigger)"])
        return TriggerReceipt(runID: id, disposition: .queued)
    }


    /// Waits for the run `id` to finish and returns its result (at once if it already finished and is
    /// still retained).
    public func result(of id: RunID) async -> RunResult {
        if let done = finished[id] { return done }
        guard current?.id == id || pending?.id == id else {
            return RunResult(id: id, outcome: .failedToStart("unknown run id \(id) (or its result is no longer kept)"))
        }
        return await withCheckedContinuation { continuation in
            waiters[id, default: []].append(continuation)
        }
    }

    /// Triggers a run and waits for its result.
    public func run(_ trigger: RunTrigger, options: RunOptions = RunOptions()) async -> RunResult {
        let id = self.trigger(trigger, options: options)
        return await result(of: id)
    }

    /// Every result from now on, in order. The stream ends at shutdown.
    public func results() -> AsyncStream<RunResult> {
        let key = UUID()
        let (stream, continuation) = AsyncStream<RunResult>.makeStream(bufferingPolicy: .bufferingNewest(64))
        if shuttingDown {
            continuation.finish()
            return stream
        }
        observers[key] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeObserver(key) }
        }
        return stream
    }

    /// Whether a run is in progress.
    public var isRunning: Bool { current != nil }

    /// Whether ``shutdown()`` was called (the current run, if any, has been asked to stop).
    public var isShuttingDown: Bool { shuttingDown }

    /// Stops accepting triggers, drops the queued follow-up run, asks the current run to stop after its
    /// stage in progress, and waits until it has recorded itself.
    public func shutdown() async {
        shuttingDown = true
        if let queued = pending {
            pending = nil
            complete(RunResult(id: queued.id, outcome: .failedToStart("the watcher is shutting down")))
        }
        if let current {
            current.stop.request()
            logger.notice(
                "shutting down: the run stops after the stage in progress", metadata: ["run_id": "\(current.id)"])
        }
        if current != nil {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
        for observer in observers.values { observer.finish() }
        observers.removeAll()
    }

    // MARK: - Internals

    private func start(id: RunID, triggers: [RunTrigger], options: RunOptions) {
        let stop = StopSignal()
        current = (id, stop)
        let reconciler = reconciler
        Task {
            let result = await reconciler.reconcile(id: id, triggers: triggers, options: options, stop: stop)
            self.runFinished(result)
        }
    }

    private func runFinished(_ result: RunResult) {
        current = nil
        complete(result)
        if let queued = pending, !shuttingDown {
            pending = nil
            start(id: queued.id, triggers: queued.triggers, options: queued.options)
            return
        }
        let waiting = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiting { waiter.resume() }
    }

    private func complete(_ result: RunResult) {
        lastResult = result
        if let fetch = result.fetch { lastFetch = fetch }
        finished[result.id] = result
        finishedOrder.append(result.id)
        if finishedOrder.count > Self.retainedResults {
            finished.removeValue(forKey: finishedOrder.removeFirst())
        }
        for waiter in waiters.removeValue(forKey: result.id) ?? [] { waiter.resume(returning: result) }
        for observer in observers.values { observer.yield(result) }
    }

    private func removeObserver(_ key: UUID) {
        observers.removeValue(forKey: key)
    }
}
