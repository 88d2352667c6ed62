import Foundation
import Synchronization

/// Holds the daemon's other services back until the HTTP server listens.
///
/// Two reasons: a port that cannot be bound stops the daemon before any stage runs; and no service can
/// start a child process in the moment between the listening socket's creation and its close-on-exec
/// flag being set (``ListeningSocket``), when the child would inherit the port.
final class StartGate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [UUID: CheckedContinuation<Bool, Never>] = [:]
        var abandoned: Set<UUID> = []
    }

    private let state = Mutex(State())

    /// Lets every current and future waiter through.
    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Waits until ``open()`` (true) or until `abandon(id)` (false), whichever comes first.
    func wait(id: UUID) async -> Bool {
        await withCheckedContinuation { continuation in
            let answer: Bool? = state.withLock { state in
                if state.isOpen { return true }
                if state.abandoned.remove(id) != nil { return false }
                state.waiters[id] = continuation
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Ends one waiter's wait with false (its service is being shut down before it started).
    func abandon(id: UUID) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if state.isOpen { return nil }
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.abandoned.insert(id)
                return nil
            }
            return waiter
        }
        waiter?.resume(returning: false)
    }
}
