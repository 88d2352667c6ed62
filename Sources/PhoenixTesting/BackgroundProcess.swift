public import Foundation

/// A long-running child process (a server) started with an argv array, its stdout and stderr
/// going to a log file, stopped by its own PID (SIGTERM, then wait) in ``stop()`` or on deinit.
public final class BackgroundProcess {
    /// The log file receiving stdout and stderr.
    public let logURL: URL
    private let process = Process()
    private var stopped = false

    /// Starts `executable` (absolute path or a name in `PATH`) with `arguments`.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, logURL: URL,
        in directory: URL? = nil
    ) throws {
        self.logURL = logURL
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        process.executableURL = URL(fileURLWithPath: try CommandRunner.resolve(executable, environment: environment))
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The child's process id.
    public var pid: Int32 { process.processIdentifier }

    /// True while the child has not exited.
    public var isRunning: Bool { process.isRunning }

    /// What the child has logged so far.
    public var log: String {
        String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self)
    }

    /// Polls `condition` every 10 ms until it holds (true), the child exits or `timeout` passes (false).
    public func wait(until condition: () -> Bool, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            if !process.isRunning { return false }
            usleep(10_000)
        }
        return condition()
    }

    /// Sends SIGTERM to this child (by PID) and waits for it to exit. Idempotent.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit {
        stop()
    }
}
