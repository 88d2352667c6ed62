/// Why `CommandRunner` could not produce a `CommandResult`. A non-zero exit is not an error here:
/// it is returned in the result.
///
/// Every argv carried here has already passed through a `Redactor`.
public enum CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The executable was not found (or is not executable) on the given search path.
    case executableNotFound(name: String, searchPath: String)
    /// The command ran longer than its timeout and was killed (with its process group).
    case timedOut(argv: [String], seconds: Double)
    /// The operating system refused to start the command.
    case spawnFailed(executable: String, reason: String)
    /// The argv was empty or contained a NUL byte, which no exec can carry.
    case invalidArgv(reason: String)

    /// A one-line human message.
    public var description: String {
        switch self {
        case .executableNotFound(let name, let searchPath):
            "executable not found: \(name) (searched PATH=\(searchPath))"
        case .timedOut(let argv, let seconds):
            "command timed out after \(formatSeconds(seconds)) and was killed: \(argv.joined(separator: " "))"
        case .spawnFailed(let executable, let reason):
            "could not start \(executable): \(reason)"
        case .invalidArgv(let reason):
            "invalid command: \(reason)"
        }
    }
}

/// "1.5 s", "30 s": short and stable for messages.
func formatSeconds(_ seconds: Double) -> String {
    if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
    return "\((seconds * 1000).rounded() / 1000) s"
}
