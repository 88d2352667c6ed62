import Foundation

/// One line of the local driver's command journal (`<root>/.phoenix-journal.jsonl`): what would have
/// run where. Stdin is never recorded, only its size.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// When the command was journalled.
    public var time: Date
    /// Where it was to run.
    public var location: Location
    /// The argv, redacted.
    public var argv: [String]
    /// True when the command really ran here (an allowlisted check with its tool installed).
    public var executed: Bool
    /// The exit code of a command that ran; nil for journalled-only commands (answered as success).
    public var exitCode: Int32?
    /// The number of stdin bytes, when there was stdin.
    public var stdinBytes: Int?

    /// Creates an entry.
    public init(time: Date, location: Location, argv: [String], executed: Bool, exitCode: Int32?, stdinBytes: Int?) {
        self.time = time
        self.location = location
        self.argv = argv
        self.executed = executed
        self.exitCode = exitCode
        self.stdinBytes = stdinBytes
    }
}

/// Appends journal lines. Each line goes out in one `write(2)` on an `O_APPEND` descriptor, so lines
/// from concurrent tasks (or processes) never interleave.
struct CommandJournal: Sendable {
    let path: String

    func append(_ entry: JournalEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var line = try encoder.encode(entry)
        line.append(UInt8(ascii: "\n"))
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw DriverError.fileSystem(
                operation: "append journal", path: path, location: .host, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else {
            throw DriverError.fileSystem(
                operation: "append journal", path: path, location: .host, reason: String(cString: strerror(errno)))
        }
    }

    func read() throws -> [JournalEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(JournalEntry.self, from: Data($0)) }
    }
}
