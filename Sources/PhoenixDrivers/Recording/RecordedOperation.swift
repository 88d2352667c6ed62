import Foundation

/// One call a `RecordingDriver` received, in order.
public enum RecordedOperation: Sendable, Hashable, CustomStringConvertible {
    /// `readFile`.
    case read(path: String, location: Location)
    /// `writeFile` (the bytes are kept in the driver's files; here only their count).
    case write(path: String, location: Location, mode: Int, owner: String?, bytes: Int)
    /// `removeFile`.
    case remove(path: String, location: Location)
    /// `listFiles`.
    case list(directory: String, location: Location)
    /// `run`, with its stdin (a test double may keep it; it never leaves the process).
    case run(argv: [String], location: Location, stdin: Data?)
    /// `guestState`.
    case guestState(location: Location)

    /// The location the operation addressed.
    public var location: Location {
        switch self {
        case .read(_, let location), .write(_, let location, _, _, _), .remove(_, let location),
            .list(_, let location), .run(_, let location, _), .guestState(let location):
            location
        }
    }

    /// True for operations that change something: writes, removals and commands.
    public var isMutation: Bool {
        switch self {
        case .write, .remove, .run: true
        case .read, .list, .guestState: false
        }
    }

    /// e.g. "write lxc 101 /etc/nginx/x (0644, 120 bytes)", "run vm 1001: docker node ls".
    public var description: String {
        switch self {
        case .read(let path, let location): "read \(location) \(path)"
        case .write(let path, let location, let mode, let owner, let bytes):
            "write \(location) \(path) (\(octalMode(mode))\(owner.map { ", \($0)" } ?? ""), \(bytes) bytes)"
        case .remove(let path, let location): "remove \(location) \(path)"
        case .list(let directory, let location): "list \(location) \(directory)"
        case .run(let argv, let location, _): "run \(location): \(Redactor.standard.argv(argv).joined(separator: " "))"
        case .guestState(let location): "state \(location)"
        }
    }
}

/// A file held by a `RecordingDriver`.
public struct RecordedFile: Sendable, Hashable {
    /// The bytes.
    public var contents: Data
    /// The permission bits it was written with.
    public var mode: Int
    /// The owner it was written with, if any.
    public var owner: String?

    /// Creates a file record.
    public init(contents: Data, mode: Int = 0o644, owner: String? = nil) {
        self.contents = contents
        self.mode = mode
        self.owner = owner
    }
}
