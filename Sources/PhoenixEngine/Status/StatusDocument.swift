/// `status.json` on the status branch: the run this commit records, and every watcher's watermarks
/// (docs/status-format.md).
public struct StatusDocument: Sendable, Hashable, Codable {
    /// The schema written by this version.
    public static let currentSchema = "phoenix-status/1"

    /// `phoenix-status/1`.
    public var schema: String
    /// The run this commit records.
    public var run: RunReport
    /// Watermarks per watcher, sorted by watcher id.
    public var watchers: [LedgerEntry]

    /// Creates a document.
    public init(run: RunReport, watchers: [LedgerEntry]) {
        schema = Self.currentSchema
        self.run = run
        self.watchers = watchers.sorted { $0.watcher.id < $1.watcher.id }
    }

    /// The entry of one watcher.
    public func entry(for watcher: String) -> LedgerEntry? {
        watchers.first { $0.watcher.id == watcher }
    }

    /// `previous`'s watchers with `entry` replacing (or joining) its watcher's.
    public static func merging(_ entry: LedgerEntry, into previous: [LedgerEntry]) -> [LedgerEntry] {
        var result = previous.filter { $0.watcher.id != entry.watcher.id }
        result.append(entry)
        return result.sorted { $0.watcher.id < $1.watcher.id }
    }
}
