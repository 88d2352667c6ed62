import Dispatch
import Foundation

/// Where a run's code executes: threads of its own, not Swift's cooperative pool (issue #18 item 3).
///
/// A run calls libgit2 synchronously (fetch and push wait on the network, a large checkout on the disk)
/// and the pool has one thread per core, two here: two runs blocked in a fetch would stall every other
/// task of the process, the HTTP server's included. The reconciler therefore runs each run under this
/// executor's preference (`withTaskExecutorPreference`), so its nonisolated code, libgit2 calls included,
/// runs on a dispatch queue whose threads may block; actors (the run recorder, the coordinator) still run
/// where they always do.
final class GitWorkExecutor: TaskExecutor {
    /// The one executor of the process.
    static let shared = GitWorkExecutor()

    /// The name the executing thread carries while it runs a job (what tests check).
    static let threadName = "phoenix-run"

    /// Concurrent: several runs (a watcher and a drift check, a test's two watchers) may block at once.
    private let queue = DispatchQueue(label: "phoenix-run", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async {
            let previous = Thread.current.name
            Thread.current.name = Self.threadName
            job.runSynchronously(on: executor)
            Thread.current.name = previous
        }
    }

    /// Runs `body` with this executor preferred for every nonisolated async call it makes.
    static func run<T: Sendable>(_ body: () async -> T) async -> T {
        await withTaskExecutorPreference(shared, operation: body)
    }
}
