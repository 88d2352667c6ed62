import PhoenixEngine
import Synchronization

/// A flag a run checks between stages: set it and the run finishes the stage in progress, starts no
/// other, records itself as interrupted and returns.
public final class StopSignal: Sendable {
    private let flag = Mutex(false)

    /// A flag that is not set.
    public init() {}

    /// Asks the run to stop after the stage in progress.
    public func request() {
        flag.withLock { $0 = true }
    }

    /// Whether a stop was asked for.
    public var isRequested: Bool {
        flag.withLock { $0 }
    }
}
