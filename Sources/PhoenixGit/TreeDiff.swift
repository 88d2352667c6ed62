/// The file-level changes between two trees, with renames detected (no content hunks).
public struct TreeDiff: Sendable, Hashable {
    /// How a path changed.
    public enum Status: String, Sendable, Hashable, Codable {
        /// The file is new.
        case added
        /// The file's content or mode changed.
        case modified
        /// The file is gone.
        case deleted
        /// The file moved (and maybe changed a little); ``Entry/oldPath`` holds where it was.
        case renamed
        /// The entry changed kind, e.g. from a file to a symbolic link.
        case typeChanged
    }

    /// One changed path.
    public struct Entry: Sendable, Hashable {
        /// How the path changed.
        public let status: Status
        /// The path after the change (for a deletion: the deleted path).
        public let path: String
        /// For a rename, the path before it; nil otherwise.
        public let oldPath: String?
        /// The blob before the change; nil for an addition.
        public let oldID: ObjectID?
        /// The blob after the change; nil for a deletion.
        public let newID: ObjectID?

        /// Creates an entry value.
        public init(status: Status, path: String, oldPath: String?, oldID: ObjectID?, newID: ObjectID?) {
            self.status = status
            self.path = path
            self.oldPath = oldPath
            self.oldID = oldID
            self.newID = newID
        }

        /// Every path this entry touches: `path`, plus `oldPath` for a rename.
        public var paths: [String] { oldPath.map { [$0, path] } ?? [path] }
    }

    /// The changes, in libgit2's order (sorted by path).
    public let entries: [Entry]

    /// Creates a diff value.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// True when nothing changed.
    public var isEmpty: Bool { entries.isEmpty }

    /// Every path touched (old and new paths of renames included), sorted, without duplicates.
    public var changedPaths: [String] { Array(Set(entries.flatMap(\.paths))).sorted() }

    /// The entries touching a path under one of `prefixes` (either side of a rename counts).
    /// A prefix matches at folder boundaries: `config` matches `config` and `config/a.json` but not
    /// `configs/a.json`; a trailing `/` is ignored, and `""` matches everything.
    public func filtered(prefixes: [String]) -> TreeDiff {
        let cleaned = prefixes.map { prefix -> String in
            var value = Substring(prefix)
            while value.hasSuffix("/") { value = value.dropLast() }
            while value.hasPrefix("/") { value = value.dropFirst() }
            return String(value)
        }
        func matches(_ path: String) -> Bool {
            cleaned.contains { prefix in
                prefix.isEmpty || path == prefix || path.hasPrefix(prefix + "/")
            }
        }
        return TreeDiff(entries: entries.filter { $0.paths.contains(where: matches) })
    }
}
