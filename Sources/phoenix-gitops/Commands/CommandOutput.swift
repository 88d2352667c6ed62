import ArgumentParser
import Foundation

/// What a command prints and the exit status it ends with, so tests can run a command without
/// capturing the process's stdout.
struct CommandOutput: Sendable {
    /// The bytes for stdout.
    var stdout: Data
    /// The exit status (0 success).
    var status: Int32
    /// The bytes for stderr: what went wrong and what to do, so a script that reads stdout still
    /// sees the problem and a person sees it even when stdout is redirected.
    var stderr = Data()

    /// Writes stdout and stderr and ends with `status` (by throwing `ExitCode` when it is not 0).
    func emit() throws {
        FileHandle.standardOutput.write(stdout)
        FileHandle.standardError.write(stderr)
        if status != 0 { throw ExitCode(status) }
    }
}
