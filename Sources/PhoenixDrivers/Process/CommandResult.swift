import Foundation

/// The outcome of a command that ran to its end: exit status and captured output.
///
/// It deliberately does not hold the argv or the stdin, so logging a result cannot leak a secret
/// that was passed to the command.
public struct CommandResult: Sendable, Hashable {
    /// The exit status; for a command killed by a signal, 128 + the signal number (the shell convention).
    public var exitCode: Int32
    /// The signal that ended the command, or nil when it exited normally.
    public var terminationSignal: Int32?
    /// Everything the command wrote to stdout.
    public var stdout: Data
    /// Everything the command wrote to stderr.
    public var stderr: Data

    /// Creates a result; `exitCode` 0 and no signal means success.
    public init(exitCode: Int32, stdout: Data = Data(), stderr: Data = Data(), terminationSignal: Int32? = nil) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.terminationSignal = terminationSignal
    }

    /// Convenience for scripted answers: text output, UTF-8 encoded.
    public init(exitCode: Int32, stdout: String, stderr: String = "") {
        self.init(exitCode: exitCode, stdout: Data(stdout.utf8), stderr: Data(stderr.utf8))
    }

    /// A successful result with empty output.
    public static let success = CommandResult(exitCode: 0)

    /// True when the command exited 0 and was not killed by a signal.
    public var succeeded: Bool { exitCode == 0 && terminationSignal == nil }

    /// stdout decoded as UTF-8 (invalid bytes replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    /// stderr decoded as UTF-8 (invalid bytes replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// The last lines of stderr (at most `maxLines` lines and `maxCharacters` characters), for error
    /// messages. Falls back to stdout when stderr is empty, since some tools report errors there.
    public func diagnosticTail(maxLines: Int = 8, maxCharacters: Int = 1_000) -> String {
        let source = stderr.isEmpty ? stdoutText : stderrText
        let lines = source.split(separator: "\n", omittingEmptySubsequences: true).suffix(maxLines)
        let joined = lines.joined(separator: "\n")
        return joined.count > maxCharacters ? "…" + String(joined.suffix(maxCharacters)) : joined
    }
}
