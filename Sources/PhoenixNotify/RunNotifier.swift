import Foundation
import Logging
import Synchronization
import PhoenixEngine
import PhoenixGit

/// The engine's ``RunEventSink`` for commit statuses and notifications.
///
/// ``record(_:)`` only yields the event into a bounded stream and returns; a task of the notifier turns
/// events into ``Delivery``s (``EventInterpreter``) and hands them to the ``DeliveryQueue``, whose own
/// task sends them. A forge or chat service that is slow, down or refusing therefore never blocks,
/// slows or fails a run; what cannot be delivered is logged and counted.
public final class RunNotifier: RunEventSink {
    /// The interpreter (context, clock).
    public let interpreter: EventInterpreter
    /// The queue.
    public let queue: DeliveryQueue
    private let forge: ForgeAPI?
    private let targets: [ResolvedTarget]
    private let metrics: NotifyMetrics
    private let logger: Logger
    private let intake: AsyncStream<RunEvent>.Continuation
    private let events: AsyncStream<RunEvent>
    /// Events recorded and not yet handed to the queue (for ``drain(timeout:)``).
    private let unhandled = Mutex(0)

    /// Events waiting to be interpreted at most; beyond, new events are dropped and counted.
    public static let intakeLimit = 1024

    /// A notifier sending commit statuses through `forge` (nil: none) and messages to `targets`.
    public init(
        interpreter: EventInterpreter, forge: ForgeAPI?, targets: [ResolvedTarget], queue: DeliveryQueue,
        metrics: NotifyMetrics = NotifyMetrics(), logger: Logger = Logger(label: "phoenix-gitops.notify")
    ) {
        self.interpreter = interpreter
        self.forge = forge
        self.targets = targets
        self.queue = queue
        self.metrics = metrics
        self.logger = logger
        let (stream, continuation) = AsyncStream<RunEvent>.makeStream(bufferingPolicy: .bufferingOldest(Self.intakeLimit))
        events = stream
        intake = continuation
    }

    /// Whether there is anything to send at all.
    public var isActive: Bool { forge != nil || !targets.isEmpty }

    public func record(_ event: RunEvent) {
        guard isActive else { return }
        unhandled.withLock { $0 += 1 }
        if case .dropped = intake.yield(event) {
            unhandled.withLock { $0 -= 1 }
            metrics.delivered(channel: "intake", result: "dropped")
            logger.warning("notification intake full: an event was dropped")
        }
    }

    /// Interprets and sends until `stop(drainFor:)`; run it in a task of its own.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.queue.run() }
            group.addTask { await self.interpret() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Waits until every event recorded so far has been interpreted and the queue has nothing left to
    /// send (or only deliveries that keep failing), at most `timeout`; returns whether it emptied.
    @discardableResult
    public func drain(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while unhandled.withLock({ $0 }) > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        guard clock.now < deadline else { return false }
        return await queue.drain(timeout: deadline - clock.now)
    }

    /// Stops taking events and lets the queue send what waits for at most `drainFor`; returns whether
    /// everything was sent. Cancel the ``run()`` task afterwards.
    @discardableResult
    public func stop(drainFor timeout: Duration) async -> Bool {
        let done = await drain(timeout: timeout)
        intake.finish()
        if !done {
            let left = await queue.depth
            logger.warning("stopping with \(left) notification(s) not delivered")
        }
        return done
    }

    private func interpret() async {
        var started: [RunID: String] = [:]
        for await event in events {
            for delivery in deliveries(for: event, started: &started) {
                await queue.enqueue(delivery)
            }
            unhandled.withLock { $0 -= 1 }
        }
        // The stream ended (stop): keep the queue running until the task is cancelled.
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    /// The deliveries of one event (commit status first, then one per target that wants it).
    func deliveries(for event: RunEvent, started: inout [RunID: String]) -> [Delivery] {
        var out: [Delivery] = []
        if let forge {
            var status = interpreter.status(for: event)
            switch event {
            case .runStarted(let id, let commit, _): started[id] = commit.hex
            case .runFinished(let report, _, _): started.removeValue(forKey: report.id)
            case .runAborted(let id, let message):
                if let sha = started.removeValue(forKey: id) { status = interpreter.abortedStatus(commit: sha, message: message) }
            default: break
            }
            if let status, let delivery = statusDelivery(status, forge: forge, event: event) { out.append(delivery) }
        }
        if let found = interpreter.message(for: event) {
            for resolved in targets where resolved.target.wants(found.message.event) {
                if let delivery = messageDelivery(found.message, key: found.key, to: resolved) { out.append(delivery) }
            }
        }
        return out
    }

    private func statusDelivery(_ status: CommitStatus, forge: ForgeAPI, event: RunEvent) -> Delivery? {
        let run: String
        switch event {
        case .runStarted(let id, _, _), .runAborted(let id, _): run = id.rawValue
        case .runFinished(let report, _, _): run = report.id.rawValue
        default: run = "-"
        }
        do {
            return Delivery(
                key: "status:\(run):\(status.sha):\(status.state.rawValue)", supersedes: "status:\(status.sha)",
                channel: "commit_status",
                label: "\(forge.provider.rawValue) status \(status.sha.prefix(7)) \(status.state.rawValue)",
                request: try forge.statusRequest(status), secrets: [forge.secret])
        } catch {
            logger.error("commit status not built: \(error)")
            return nil
        }
    }

    private func messageDelivery(_ message: NotificationMessage, key: String, to resolved: ResolvedTarget) -> Delivery? {
        let target = resolved.target
        do {
            let request: OutboundRequest
            switch target.format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                request = OutboundRequest(
                    method: "POST", url: resolved.url, headers: [.init("Content-Type", "application/json")],
                    body: try encoder.encode(message))
            case .slack:
                request = try .json("POST", resolved.url, headers: [], body: MessageFormats.slack(message))
            case .msteams:
                request = try .json("POST", resolved.url, headers: [], body: MessageFormats.teams(message))
            }
            return Delivery(
                key: "\(key):\(target.name)", channel: target.format.rawValue,
                label: "notification \(target.name) \(message.event.rawValue)", request: request, secrets: [resolved.url])
        } catch {
            logger.error("notification not built for \(target.name): \(error)")
            return nil
        }
    }
}
