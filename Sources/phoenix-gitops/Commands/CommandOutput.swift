import ArgumentParser
import Foundation

/// What a command prints and the exit status it ends with, so tests can run a command without
/// capturing the process's stdout.
struct CommandOutput: Sendable {
    /// The bytes for stdout.
    var stdout: Data
    /// The exit status (0 success).
    var status: Int32

    /// Writes stdout and ends with `status` (by throwing `ExitCode` when it is not 0).
    func emit() throws {
        FileHandle.standardOutput.write(stdout)
        if status != 0 { throw ExitCode(status) }
    }
}
