public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running child process (a server) started with an argv array, its stdout and stderr going
/// to a log file, stopped in ``stop()`` or on deinit: SIGTERM to its own process group (its id is the
/// child's PID, so per-connection children go too), a bounded wait, then SIGKILL.
public final class BackgroundProcess: Sendable {
    /// The log file receiving stdout and stderr.
    public let logURL: URL
    /// The child's process id (also its process group id).
    public let pid: Int32
    /// Whether the child has been reaped, and how it ended (kept so a status read after `isRunning`
    /// reaped it is not lost); a Mutex so a server fixture can be shared between tasks.
    private let ended = Mutex<(reaped: Bool, exit: Spawner.Exit?)>((false, nil))

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
        ended.withLock { ended in
            if !ended.reaped, let exit = Spawner.poll(pid) { ended = (true, exit) }
            return !ended.reaped
        }
    }

    /// Sends `signal` to the child alone (not its group), unless it has already been reaped (its PID
    /// may belong to another process by then).
    public func send(_ signal: Int32) {
        ended.withLock { ended in
            if !ended.reaped { kill(pid, signal) }
        }
    }

    /// Waits up to `timeout` seconds for the child to exit; returns its exit status, or nil when it is
    /// still running, was killed by a signal, or was stopped with ``stop()``.
    public func waitForExit(timeout: TimeInterval) -> Int32? {
        ended.withLock { ended in
            if !ended.reaped, let exit = Spawner.wait(pid, timeout: timeout) { ended = (true, exit) }
            guard let exit = ended.exit, !exit.signaled, exit.status >= 0 else { return nil }
            return exit.status
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
        ended.withLock { ended in
            guard !ended.reaped else { return }
            // Recorded as signalled whatever the child did: it did not end on its own.
            _ = Spawner.terminate(pid)
            ended = (true, nil)
        }
    }

    deinit {
        stop()
    }
}
