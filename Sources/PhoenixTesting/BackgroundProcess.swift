public import Foundation
import Synchronization

/// A long-running child process (a server) started with an argv array, its stdout and stderr going
/// to a log file, stopped in ``stop()`` or on deinit: SIGTERM to its own process group (its id is the
/// child's PID, so per-connection children go too), a bounded wait, then SIGKILL.
public final class BackgroundProcess: Sendable {
    /// The log file receiving stdout and stderr.
    public let logURL: URL
    /// The child's process id (also its process group id).
    public let pid: Int32
    /// Set once the child has been reaped; a Mutex so a server fixture can be shared between tasks.
    private let exited = Mutex(false)

    /// Starts `executable` (absolute path or a name in `PATH`) with `arguments`.
    /// `environment` defaults to this process's environment.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, logURL: URL,
        in directory: URL? = nil
    ) throws {
        self.logURL = logURL
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let env = environment ?? ProcessInfo.processInfo.environment
        pid = try Spawner.spawn(
            path: try TestProcess.resolve(executable, environment: env), arguments: arguments, environment: env,
            directory: directory, stdin: "/dev/null", stdout: logURL.path, stderr: logURL.path)
    }

    /// True while the child has not exited.
    public var isRunning: Bool {
        exited.withLock { exited in
            if !exited, Spawner.poll(pid) != nil { exited = true }
            return !exited
        }
    }

    /// What the child has logged so far.
    public var log: String {
        String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self)
    }

    /// Polls `condition` every 10 ms until it holds (true), the child exits or `timeout` passes (false).
    public func wait(until condition: () -> Bool, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            if !isRunning { return false }
            usleep(10_000)
        }
        return condition()
    }

    /// Stops the child (SIGTERM, bounded wait, SIGKILL) and reaps it. Idempotent.
    public func stop() {
        exited.withLock { exited in
            guard !exited else { return }
            exited = true
            _ = Spawner.terminate(pid)
        }
    }

    deinit {
        stop()
    }
}
