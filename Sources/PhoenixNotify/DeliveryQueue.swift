import Foundation
import Logging

/// Sends ``Delivery``s one at a time, in the order they were queued, retrying with backoff.
///
/// - Bounded: at most `limit` deliveries wait; one more drops the oldest waiting one (counted
///   `dropped`, logged), so a forge that is down for a day costs bounded memory.
/// - Deduplicated: a key already queued or sent is ignored (the last 4096 keys are remembered).
/// - Retries: 408, 425, 429, 5xx and connection errors are tried again after ``RetryTiming``'s delay
///   (honouring `Retry-After`), up to `maxAttempts`; other answers (401, 403, 404, 422) fail at once.
///   A delivery waiting for its retry does not hold up the ones behind it.
/// - Never blocks its callers: ``enqueue(_:)`` only appends; ``run()`` does the sending.
/// - Logs name the delivery's label, the answer's status and an excerpt of its body, with the
///   delivery's secrets masked; never a header value or an incoming-webhook URL.
public actor DeliveryQueue {
    private struct Item {
        var delivery: Delivery
        var attempts = 0
        var notBefore: ContinuousClock.Instant
    }

    private let transport: any HTTPSending
    private let limit: Int
    private let maxAttempts: Int
    private let timing: RetryTiming
    private let metrics: NotifyMetrics
    private let logger: Logger
    private let clock = ContinuousClock()
    private var waiting: [Item] = []
    private var inFlight = false
    private var seen: [String] = []
    private var seenSet: Set<String> = []
    private var wakeup: CheckedContinuation<Void, Never>?
    private var wakePending = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// The newest delivery key of each `supersedes` group: an older one that fails is not tried again.
    private var newest: [String: String] = [:]

    /// Keys remembered for deduplication.
    public static let rememberedKeys = 4096

    /// A queue sending through `transport`.
    public init(
        transport: any HTTPSending, limit: Int = 256, maxAttempts: Int = 5, timing: RetryTiming = RetryTiming(),
        metrics: NotifyMetrics = NotifyMetrics(), logger: Logger = Logger(label: "phoenix-gitops.notify")
    ) {
        self.transport = transport
        self.limit = max(1, limit)
        self.maxAttempts = max(1, maxAttempts)
        self.timing = timing
        self.metrics = metrics
        self.logger = logger
    }

    /// Deliveries waiting (not counting the one being sent).
    public var depth: Int { waiting.count }

    /// Whether nothing waits and nothing is being sent.
    public var isIdle: Bool { waiting.isEmpty && !inFlight }

    /// Queues `delivery` unless its key was seen before; returns whether it was queued.
    @discardableResult
    public func enqueue(_ delivery: Delivery) -> Bool {
        guard !seenSet.contains(delivery.key) else {
            logger.debug("notification already sent or queued", metadata: ["delivery": "\(delivery.label)"])
            return false
        }
        remember(delivery.key)
        if let group = delivery.supersedes {
            // Bounded like the dedup keys: forgetting an old group only means one extra retry of it.
            if newest.count >= Self.rememberedKeys { newest.removeAll() }
            newest[group] = delivery.key
            // Only those already tried: a fresh one is still sent first, so the forge shows each state in order.
            let replaced = waiting.filter { $0.delivery.supersedes == group && $0.attempts > 0 }
            waiting.removeAll { $0.delivery.supersedes == group && $0.attempts > 0 }
            for item in replaced {
                metrics.delivered(channel: item.delivery.channel, result: "superseded")
                logger.info(
                    "delivery superseded by a newer one",
                    metadata: ["delivery": "\(item.delivery.label)", "by": "\(delivery.label)"])
            }
        }
        if waiting.count >= limit {
            let dropped = waiting.removeFirst()
            metrics.delivered(channel: dropped.delivery.channel, result: "dropped")
            logger.warning(
                "notification queue full (\(limit)): dropped the oldest delivery",
                metadata: ["delivery": "\(dropped.delivery.label)"])
        }
        waiting.append(Item(delivery: delivery, notBefore: clock.now))
        metrics.depth(waiting.count)
        wake()
        return true
    }

    /// Sends until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            if let index = dueIndex() {
                let item = waiting.remove(at: index)
                metrics.depth(waiting.count)
                inFlight = true
                await attempt(item)
                inFlight = false
                resumeIdleWaitersIfIdle()
                continue
            }
            resumeIdleWaitersIfIdle()
            await sleepUntilWork()
        }
    }

    /// Waits until nothing waits or is in flight, at most `timeout`; returns whether the queue emptied.
    public func drain(timeout: Duration) async -> Bool {
        if isIdle { return true }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.releaseIdleWaiters()
        }
        await withCheckedContinuation { idleWaiters.append($0) }
        timer.cancel()
        return isIdle
    }

    // MARK: - Internals

    private func attempt(_ item: Item) async {
        var item = item
        item.attempts += 1
        let delivery = item.delivery
        var retryAfter: Double?
        var reason: String
        do {
            let response = try await transport.send(delivery.request)
            if response.succeeded {
                metrics.delivered(channel: delivery.channel, result: "sent")
                logger.info(
                    "delivered", metadata: ["delivery": "\(delivery.label)", "status": "\(response.status)", "attempt": "\(item.attempts)"])
                return
            }
            reason = "HTTP \(response.status): \(delivery.masked(response.bodyExcerpt))"
            guard response.isRetryable else {
                fail(delivery, attempts: item.attempts, reason: reason + " (not retried: waiting will not change this answer)")
                return
            }
            retryAfter = response.retryAfter()
        } catch {
            reason = delivery.masked("\(error)")
        }
        guard item.attempts < maxAttempts else {
            fail(delivery, attempts: item.attempts, reason: reason)
            return
        }
        if let group = delivery.supersedes, let latest = newest[group], latest != delivery.key {
            metrics.delivered(channel: delivery.channel, result: "superseded")
            logger.info("delivery failed and was superseded by a newer one: not retried", metadata: ["delivery": "\(delivery.label)"])
            return
        }
        let delay = timing.delay(afterAttempt: item.attempts, retryAfter: retryAfter)
        item.notBefore = clock.now + .milliseconds(Int64(delay * 1000))
        logger.warning(
            "delivery failed, will retry",
            metadata: [
                "delivery": "\(delivery.label)", "attempt": "\(item.attempts)/\(maxAttempts)",
                "retry_in": "\(String(format: "%.1f", delay))s", "reason": "\(reason)",
            ])
        waiting.append(item)
        metrics.depth(waiting.count)
    }

    private func fail(_ delivery: Delivery, attempts: Int, reason: String) {
        metrics.delivered(channel: delivery.channel, result: "failed")
        logger.error(
            "delivery failed", metadata: ["delivery": "\(delivery.label)", "attempts": "\(attempts)", "reason": "\(reason)"])
    }

    /// The first waiting item that is due (queue order among due items).
    private func dueIndex() -> Int? {
        let now = clock.now
        return waiting.firstIndex { $0.notBefore <= now }
    }

    private func sleepUntilWork() async {
        if wakePending {
            wakePending = false
            return
        }
        let next = waiting.map(\.notBefore).min()
        let timer: Task<Void, Never>? = next.map { instant in
            Task { [weak self] in
                try? await Task.sleep(until: instant, clock: .continuous)
                await self?.wake()
            }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // One sleeper at a time; a second run loop (a restarted worker) must not strand the first.
                if Task.isCancelled {
                    continuation.resume()
                    return
                }
                wakeup?.resume()
                wakeup = continuation
            }
        } onCancel: {
            Task { await self.wake() }
        }
        timer?.cancel()
        wakePending = false
    }

    private func wake() {
        if let wakeup {
            self.wakeup = nil
            wakeup.resume()
        } else {
            wakePending = true
        }
    }

    private func remember(_ key: String) {
        seen.append(key)
        seenSet.insert(key)
        if seen.count > Self.rememberedKeys {
            seenSet.remove(seen.removeFirst())
        }
    }

    private func resumeIdleWaitersIfIdle() {
        guard isIdle else { return }
        releaseIdleWaiters()
    }

    private func releaseIdleWaiters() {
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }
}
