public import Foundation
import PhoenixDrivers

/// What a finished command printed and how it exited.
public struct CommandResult: Sendable {
    /// The exit status (or the terminating signal number when ``terminatedBySignal``).
    public let status: Int32
    /// True when the process was killed by a signal (e.g. after a timeout).
    public let terminatedBySignal: Bool
    /// Standard output, raw.
    public let stdoutData: Data
    /// Standard error as text.
    public let stderr: String

    /// Standard output as UTF-8 text.
    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    /// True for exit status 0.
    public var succeeded: Bool { status == 0 && !terminatedBySignal }
}

/// A command that failed (non-zero exit, signal, timeout) or could not be started.
public struct CommandError: Error, CustomStringConvertible {
    /// The argv that was run (executable first).
    public let argv: [String]
    /// The result, nil when the process could not be started.
    public let result: CommandResult?
    /// Why it failed, in words.
    public let reason: String

    /// `argv` (joined for reading only), the reason and the captured stderr.
    public var description: String {
        var text = "command failed: \(argv.joined(separator: " ")): \(reason)"
        if let stderr = result?.stderr, !stderr.isEmpty { text += "\nstderr: \(stderr)" }
        return text
    }
}

/// Runs executables with an argv array (never a shell string) through the production runner
/// (`CommandRunner.runBlocking` of PhoenixDrivers: stdout and stderr pumped through pipes, stdin fed,
/// clean signal mask, own process group), with a bounded run time: a timeout stops the whole group
/// (SIGTERM, one second, SIGKILL). One runner for the product and its tests (ADR 0048).
public enum TestProcess {
    /// Runs `executable` (an absolute path, or a name looked up in `PATH`) with `arguments`.
    ///
    /// - Parameters:
    ///   - directory: the working directory (default: the current one).
    ///   - environment: the complete environment (default: this process's environment).
    ///   - input: bytes fed to standard input (default: /dev/null).
    ///   - timeout: the process is killed after this many seconds.
    /// - Returns: the result, whatever the exit status. Use ``check(_:_:in:environment:input:timeout:)``
    ///   to fail on a non-zero status.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        input: Data? = nil, timeout: TimeInterval = 60
    ) throws -> CommandResult {
        let path = try resolve(executable, environment: environment)
        let argv = [path] + arguments
        let runner = CommandRunner(
            environment: environment ?? ProcessInfo.processInfo.environment, killGracePeriod: .seconds(1))
        let finished: PhoenixDrivers.CommandResult
        do {
            finished = try runner.runBlocking(
                argv, stdin: input, workingDirectory: directory?.path, timeout: .milliseconds(Int64(timeout * 1000)))
        } catch .timedOut {
            throw CommandError(argv: argv, result: nil, reason: "timed out after \(Int(timeout)) s")
        } catch {
            throw CommandError(argv: argv, result: nil, reason: "\(error)")
        }
        return CommandResult(
            status: finished.terminationSignal ?? finished.exitCode,
            terminatedBySignal: finished.terminationSignal != nil,
            stdoutData: finished.stdout,
            stderr: finished.stderrText)
    }

    /// Like ``run(_:_:in:environment:input:timeout:)``, but throws ``CommandError`` (with stderr) unless
    /// the command exits 0.
    @discardableResult
    public static func check(
        _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        input: Data? = nil, timeout: TimeInterval = 60
    ) throws -> CommandResult {
        let result = try run(
            executable, arguments, in: directory, environment: environment, input: input, timeout: timeout)
        guard result.succeeded else {
            throw CommandError(
                argv: [executable] + arguments, result: result,
                reason: result.terminatedBySignal ? "killed by signal \(result.status)" : "exit status \(result.status)")
        }
        return result
    }

    /// The absolute path of `name`: itself when it contains a `/`, else the first match in `PATH`.
    public static func resolve(_ name: String, environment: [String: String]? = nil) throws -> String {
        if name.contains("/") { return name }
        let path = (environment ?? ProcessInfo.processInfo.environment)["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        for folder in ["/usr/sbin", "/sbin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        throw CommandError(argv: [name], result: nil, reason: "executable not found in PATH")
    }
}
