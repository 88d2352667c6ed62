import Foundation

/// Runs commands as argv arrays (never through a shell), with optional stdin, environment, working
/// directory and timeout, and captures their output.
///
/// Executables are looked up on `searchPath`, which belongs to the runner, not to the process: tests
/// point a runner at a folder of stand-in executables without touching the global environment (tests
/// run in parallel). The child's `PATH` is the same search path.
///
/// Each command runs on its own thread (spawn, pipe pumping, reaping), so a long command never blocks
/// the cooperative pool. The child gets its own process group: a timeout or a cancelled task kills the
/// whole group (SIGTERM, then SIGKILL after a grace period), including grandchildren that hold the pipes.
public struct CommandRunner: Sendable {
    /// Colon-separated folders searched for executables named without a slash.
    public let searchPath: String
    /// The environment every child starts from (per-call variables are added on top).
    public let environment: [String: String]
    /// Masks secrets in the argv carried by errors.
    public let redactor: Redactor
    /// How long a child gets between SIGTERM and SIGKILL when it has to be stopped.
    public let killGracePeriod: Duration

    /// The default search path when neither the caller nor the environment gives one.
    public static let defaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Creates a runner.
    /// - Parameters:
    ///   - searchPath: where to look for executables; nil means the environment's `PATH`.
    ///   - environment: the child's base environment; nil means this process's environment.
    ///   - redactor: used for the argv in errors.
    ///   - killGracePeriod: SIGTERM-to-SIGKILL delay for timed-out or cancelled commands.
    public init(
        searchPath: String? = nil,
        environment: [String: String]? = nil,
        redactor: Redactor = .standard,
        killGracePeriod: Duration = .seconds(2)
    ) {
        var base = environment ?? ProcessInfo.processInfo.environment
        let path = searchPath ?? base["PATH"] ?? Self.defaultSearchPath
        base["PATH"] = path
        self.searchPath = path
        self.environment = base
        self.redactor = redactor
        self.killGracePeriod = killGracePeriod
    }

    /// The absolute path of the executable `name` would run, or nil. A name containing a slash is
    /// taken as a path (relative to the current directory) and only checked.
    public func resolveExecutable(_ name: String) -> String? {
        guard !name.isEmpty else { return nil }
        if name.contains("/") {
            return Self.isExecutableFile(name) ? name : nil
        }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
            if Self.isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    /// Runs `argv` to completion and returns its exit status and output. A non-zero exit is a result,
    /// not an error.
    /// - Parameters:
    ///   - argv: the executable (looked up on `searchPath`) and its arguments.
    ///   - stdin: bytes fed to the child's stdin, then closed; nil gives the child /dev/null.
    ///   - environment: variables added to (or replacing) the runner's environment for this call.
    ///   - workingDirectory: the child's current directory; nil keeps this process's.
    ///   - timeout: kill the command (and its process group) when it runs longer; nil waits forever.
    /// - Throws: `CommandError` (not found, timed out, spawn failure, invalid argv), or
    ///   `CancellationError` when the task was cancelled (the command is killed).
    public func run(
        _ argv: [String],
        stdin: Data? = nil,
        environment extra: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration? = nil
    ) async throws -> CommandResult {
        let request = try request(
            argv, stdin: stdin, environment: extra, workingDirectory: workingDirectory, timeout: timeout)
        let executable = request.executable
        let control = ChildProcess.Control()
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ChildProcess.Outcome, Never>) in
                let thread = Thread {
                    continuation.resume(returning: ChildProcess.run(request, control: control))
                }
                thread.name = "phoenix-command"
                thread.start()
            }
        } onCancel: {
            control.cancel()
        }
        switch outcome {
        case .finished(let result):
            return result
        case .timedOut:
            throw CommandError.timedOut(argv: redactor.argv(argv), seconds: request.timeoutSeconds ?? 0)
        case .cancelled:
            throw CancellationError()
        case .spawnFailed(let reason):
            throw CommandError.spawnFailed(executable: executable, reason: reason)
        }
    }

    /// Runs `argv` on the calling thread, blocking it: only for a thread of its own (a lease refreshed
    /// while the cooperative pool may be busy), never from a task. nil when it could not run or timed out.
    func runSynchronously(_ argv: [String], stdin: Data? = nil, timeout: Duration) -> CommandResult? {
        try? runBlocking(argv, stdin: stdin, timeout: timeout)
    }

    /// Runs `argv` like ``run(_:stdin:environment:workingDirectory:timeout:)`` but on the calling thread,
    /// blocking it until the child is reaped: for synchronous callers with a thread of their own (a
    /// lease refresher, the synchronous test fixtures in PhoenixTesting), never from a task, whose
    /// cancellation it would not see. Same child set-up: own process group, killed with it on timeout.
    /// - Throws: `CommandError` (not found, timed out, spawn failure, invalid argv).
    public func runBlocking(
        _ argv: [String], stdin: Data? = nil, workingDirectory: String? = nil, timeout: Duration
    ) throws(CommandError) -> CommandResult {
        let request = try request(argv, stdin: stdin, environment: [:], workingDirectory: workingDirectory, timeout: timeout)
        let executable = request.executable
        switch ChildProcess.run(request, control: ChildProcess.Control()) {
        case .finished(let result):
            return result
        case .timedOut, .cancelled:
            throw CommandError.timedOut(argv: redactor.argv(argv), seconds: Self.seconds(timeout))
        case .spawnFailed(let reason):
            throw CommandError.spawnFailed(executable: executable, reason: reason)
        }
    }

    /// The child's set-up, checked: one rule for the async and the blocking run.
    private func request(
        _ argv: [String], stdin: Data?, environment extra: [String: String], workingDirectory: String?, timeout: Duration?
    ) throws(CommandError) -> ChildProcess.Request {
        guard let name = argv.first, !name.isEmpty else {
            throw CommandError.invalidArgv(reason: "empty argv")
        }
        if argv.contains(where: { $0.utf8.contains(0) }) {
            throw CommandError.invalidArgv(reason: "an argument contains a NUL byte")
        }
        guard let executable = resolveExecutable(name) else {
            throw CommandError.executableNotFound(name: name, searchPath: searchPath)
        }
        let mergedEnvironment = environment.merging(extra) { _, new in new }
        return ChildProcess.Request(
            executable: executable, argv: argv, environment: mergedEnvironment.map { "\($0.key)=\($0.value)" }.sorted(),
            workingDirectory: workingDirectory, stdin: stdin, timeoutSeconds: timeout.map(Self.seconds),
            killGraceSeconds: Self.seconds(killGracePeriod))
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
