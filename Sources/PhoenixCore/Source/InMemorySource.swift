import Foundation

/// A `ConfigSource` over a dictionary of repository-relative paths, for tests and for trees already
/// read into memory (e.g. blobs of one git commit).
public struct InMemorySource: ConfigSource {
    /// File contents by repository-relative path (`config/phoenix_vm_configs.json`).
    public var files: [String: Data]
    /// Description used in messages.
    public var sourceDescription: String

    /// Creates a source from bytes.
    public init(files: [String: Data], description: String = "memory") {
        self.files = files
        self.sourceDescription = description
    }

    /// Creates a source from UTF-8 texts.
    public init(texts: [String: String], description: String = "memory") {
        self.init(files: texts.mapValues { Data($0.utf8) }, description: description)
    }

    /// The file at `path`, if any.
    public func read(_ path: String) throws -> Data? { files[path] }

    /// Direct children of `folder`, folders inferred from deeper paths.
    public func list(_ folder: String) throws -> [ConfigSourceEntry] {
        let prefix = folder.isEmpty ? "" : folder + "/"
        var entries: [String: Bool] = [:]
        for path in files.keys where path.hasPrefix(prefix) {
            let parts = path.dropFirst(prefix.count).split(separator: "/", maxSplits: 1)
            guard let name = parts.first.map(String.init) else { continue }
            entries[name] = (entries[name] ?? false) || parts.count > 1
        }
        return entries.keys.sorted().map { ConfigSourceEntry(name: $0, isFolder: entries[$0] ?? false) }
    }
}
