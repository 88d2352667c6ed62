/// Why a driver operation failed. Every case names the location and the path or argv involved, and a
/// reason; none carries file contents or stdin, which may be secret. Argv values are redacted.
public enum DriverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path is not absolute, contains `.`/`..` components or control characters, or is reserved.
    case invalidPath(path: String, location: Location, reason: String)
    /// The path (through `..` or a symlink) would leave the folder standing for the location.
    case pathEscapesRoot(path: String, location: Location)
    /// The path is outside every root the operator set for the stage (docs/adr/0016-path-confinement.md).
    case outsideRoots(path: String, location: Location)
    /// A symlink lies on the path below a stage root, or is the file read: never followed there.
    case symlinkRefused(path: String, location: Location)
    /// A local file-system call failed.
    case fileSystem(operation: String, path: String, location: Location, reason: String)
    /// A command exited non-zero (or was killed by a signal). `stderrTail` is the end of its diagnostics.
    case commandFailed(argv: [String], location: Location, exitCode: Int32, stderrTail: String)
    /// A command did not finish in time. For a VM, `qm guest exec` answered without an exit code.
    case commandTimedOut(argv: [String], location: Location, seconds: Double)
    /// The executable is not installed where the command was to run.
    case executableNotFound(name: String, location: Location)
    /// The guest is stopped or missing, so files cannot be moved and commands cannot run there.
    case guestUnavailable(location: Location, state: GuestState)
    /// A tool answered in a shape the driver does not understand (e.g. malformed `qm guest exec` JSON).
    case unexpectedOutput(argv: [String], location: Location, reason: String)
    /// The content is larger than the transport allows (1 MiB through `qm guest exec --pass-stdin`).
    case contentTooLarge(path: String, location: Location, bytes: Int, limit: Int)
    /// A parameter such as the mode or the owner is not acceptable.
    case invalidRequest(location: Location, reason: String)
    /// The cluster node that owns the guest is offline or does not answer SSH. Transient: the same
    /// operation may succeed on a later attempt (``isTransient``).
    case nodeUnreachable(node: String, location: Location, reason: String)
    /// Another watcher in the cluster holds the apply lease (`path`): it is applying; try again later.
    case leaseBusy(path: String, reason: String)

    /// True when retrying later may succeed without any change to the configuration (a node down).
    /// The reconciler's retry policy reads it; every other case is permanent for the run.
    public var isTransient: Bool {
        if case .nodeUnreachable = self { return true }
        return false
    }

    /// The location the failure happened at.
    public var location: Location {
        switch self {
        case .invalidPath(_, let location, _), .pathEscapesRoot(_, let location), .outsideRoots(_, let location),
            .symlinkRefused(_, let location),
            .fileSystem(_, _, let location, _), .commandFailed(_, let location, _, _),
            .commandTimedOut(_, let location, _), .executableNotFound(_, let location),
            .guestUnavailable(let location, _), .unexpectedOutput(_, let location, _),
            .contentTooLarge(_, let location, _, _), .invalidRequest(let location, _),
            .nodeUnreachable(_, let location, _):
            location
        case .leaseBusy:
            .host
        }
    }

    /// A human message, prefixed with the location.
    public var description: String {
        switch self {
        case .invalidPath(let path, let location, let reason):
            "\(location): invalid path \(path): \(reason)"
        case .pathEscapesRoot(let path, let location):
            "\(location): path \(path) leads outside the folder standing for \(location) (refused)"
        case .outsideRoots(let path, let location):
            "\(location): path \(path) is outside the folders this stage may touch (refused; see the stage's roots in the settings)"
        case .symlinkRefused(let path, let location):
            "\(location): path \(path) passes through a symbolic link below the stage's root; links are not followed there (refused; remove the link)"
        case .fileSystem(let operation, let path, let location, let reason):
            "\(location): \(operation) \(path) failed: \(reason)"
        case .commandFailed(let argv, let location, let exitCode, let stderrTail):
            "\(location): command failed with exit code \(exitCode): \(argv.joined(separator: " "))"
                + (stderrTail.isEmpty ? "" : "\n\(stderrTail)")
        case .commandTimedOut(let argv, let location, let seconds):
            "\(location): command did not finish within \(formatSeconds(seconds)): \(argv.joined(separator: " "))"
        case .executableNotFound(let name, let location):
            "\(location): executable not found: \(name)"
        case .guestUnavailable(let location, let state):
            "\(location): guest is \(state); cannot reach it"
        case .unexpectedOutput(let argv, let location, let reason):
            "\(location): unexpected output from \(argv.joined(separator: " ")): \(reason)"
        case .contentTooLarge(let path, let location, let bytes, let limit):
            "\(location): \(path) is \(bytes) bytes; the transport allows at most \(limit)"
        case .invalidRequest(let location, let reason):
            "\(location): invalid request: \(reason)"
        case .nodeUnreachable(let node, let location, let reason):
            "\(location): node \(node) is unreachable (transient, will retry): \(reason)"
        case .leaseBusy(let path, let reason):
            "another phoenix-gitops watcher in the cluster holds the apply lease \(path): \(reason)"
        }
    }
}

extension DriverError {
    /// Maps a runner error into the driver's vocabulary, at a location, with an already redacted argv.
    public init(_ error: CommandError, argv: [String], location: Location) {
        switch error {
        case .executableNotFound(let name, _):
            self = .executableNotFound(name: name, location: location)
        case .timedOut(_, let seconds):
            self = .commandTimedOut(argv: argv, location: location, seconds: seconds)
        case .spawnFailed(_, let reason), .invalidArgv(let reason):
            self = .commandFailed(argv: argv, location: location, exitCode: 127, stderrTail: reason)
        }
    }
}
