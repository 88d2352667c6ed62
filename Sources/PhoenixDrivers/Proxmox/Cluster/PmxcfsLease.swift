import Foundation
import Synchronization

/// The pmxcfs lock held for one run (docs/adr/0036-cluster-lease-through-cfs-lock.md): refreshed every
/// `interval` (a third of pmxcfs's lifetime by default) until ``release()``, so a run longer than the
/// lifetime keeps it, and a holder that dies stops refreshing and loses it to the next contender's unlock
/// request once pmxcfs finds it expired.
///
/// The refreshes run on a thread of their own, not on Swift's cooperative pool: a pool kept busy by the
/// run's blocking work (libgit2, a slow guest command) must not let the lease lapse under a live holder.
final class PmxcfsLease: RunLease {
    let lock: any PmxcfsLockHandle
    private let state: State

    /// What the refreshing thread shares with the lease.
    private final class State: Sendable {
        let released = Mutex(false)
    }

    /// Holds `lock` (already acquired), refreshing it every `interval`.
    init(lock: any PmxcfsLockHandle, interval: Duration) {
        self.lock = lock
        let state = State()
        self.state = state
        let seconds = interval.inSeconds
        let thread = Thread {
            var next = Date().addingTimeInterval(seconds)
            while !state.released.withLock({ $0 }) {
                // Short naps so a release ends the thread at once.
                Thread.sleep(forTimeInterval: min(0.05, max(0, next.timeIntervalSinceNow)))
                guard Date() >= next, !state.released.withLock({ $0 }) else { continue }
                // A failed refresh is not fatal here: the next one may succeed, and if the lease was
                // lost the status branch's compare-and-swap is the second line of defence.
                try? lock.refresh()
                next = Date().addingTimeInterval(seconds)
            }
        }
        thread.start()
    }

    func release() {
        state.released.withLock { $0 = true }
        try? lock.release()
    }
}
