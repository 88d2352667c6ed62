public import PhoenixReconciler
import PhoenixEngine
public import ServiceLifecycle

/// The poll loop as a daemon service: runs ``Watcher/run(maxPolls:)`` until the daemon shuts down.
///
/// On shutdown it cancels the loop and returns at once, without waiting for a run the loop may be
/// waiting on: that run is stopped by ``CoordinatorService`` (shut down next), which asks it to stop
/// after its stage in progress. Waiting here instead would let the run apply every remaining stage
/// before the reconciler is even told to stop. The loop task ends by itself once that run returns
/// (the coordinator is then shutting down, or the cancelled sleep throws).
public struct PollService: Service, CustomStringConvertible {
    /// The poll loop.
    public let poller: Poller

    /// A service over `poller`.
    public init(poller: Poller) {
        self.poller = poller
    }

    /// `poller`, in the daemon's logs.
    public var description: String { "poller" }

    /// Polls until a graceful shutdown or cancellation (returns), or until the loop ends on its own
    /// (returns too; the daemon treats that as a failure).
    public func run() async throws {
        let (ended, ending) = AsyncStream<Never>.makeStream()
        let poller = poller
        let loop = Task {
            await poller.run()
            ending.finish()
        }
        let stop: @Sendable () -> Void = {
            loop.cancel()
            ending.finish()
        }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                for await _ in ended {}
            } onGracefulShutdown: {
                stop()
            }
        } onCancel: {
            stop()
        }
    }
}
