import Foundation

/// Runs blocking work (a child process we wait for) on its own thread, so it never occupies one of the
/// few cooperative-pool threads the server under test needs to answer it.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
