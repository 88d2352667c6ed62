import PhoenixDrivers

/// How Docker says "it does not exist": older CLIs print `Error: No such network: x` (or `No such
/// object`, `No such secret`), newer daemons `Error response from daemon: network x not found`.
enum DockerAnswers {
    /// Whether a failed `inspect` means the object is absent (as opposed to Docker being unreachable).
    static func isNotFound(_ result: CommandResult) -> Bool {
        let text = (result.stderrText + "\n" + result.stdoutText).lowercased()
        return text.contains("no such ") || text.contains(" not found")
    }
}
