import Foundation

/// Read-only access to a configuration tree: a plain folder (`FolderSource`) or one git commit
/// (added by PhoenixGit's source). The loader reads everything through this protocol, so a commit with
/// no working tree and a folder load identically.
///
/// Paths are repository-relative, `/`-separated, without a leading slash (`config/x.json`); the empty
/// string is the root.
public protocol ConfigSource: Sendable {
    /// The bytes of the file at `path`, or `nil` when there is no file there.
    func read(_ path: String) throws -> Data?

    /// The entries of the folder at `path` (sorted by name), or an empty list when there is no such folder.
    func list(_ folder: String) throws -> [ConfigSourceEntry]

    /// Every file below `folder`, recursively, as repository-relative paths sorted by path.
    func allFiles(under folder: String) throws -> [String]

    /// A short description for messages (`folder /srv/config`, `commit 1a2b3c4`).
    var sourceDescription: String { get }

    /// Whether `path` itself is a symbolic link (a `compose_file_path` must not pass through one).
    func isSymbolicLink(_ path: String) throws -> Bool

    /// The size in bytes of the file at `path` without reading it, or nil when the source cannot tell
    /// cheaply (the loader then counts the bytes it read). Used for the byte budgets (ADR 0019).
    func size(of path: String) throws -> Int?

    /// Every file below `folder` like ``allFiles(under:)``, walked iteratively and bounded: throws
    /// ``ConfigSourceError/Kind/tooDeep(limit:)`` for a folder more than `maxDepth` levels below
    /// `folder`, ``ConfigSourceError/Kind/tooManyFiles(limit:)`` past `maxFiles` files.
    func allFiles(under folder: String, maxDepth: Int, maxFiles: Int) throws -> [String]

    /// The document parsed before from the very bytes of the file at `path` with `options` (a cache keyed
    /// by content id, such as a git blob id), or nil: the loader then parses the bytes it read.
    func parsedDocument(at path: String, options: JSONParserOptions) -> JSONDocument?

    /// Offers the document just parsed from the `bytes` bytes of the file at `path` with `options` to the
    /// source's cache.
    func remember(_ document: JSONDocument, at path: String, bytes: Int, options: JSONParserOptions)
}

extension ConfigSource {
    /// No cache: every load parses what it reads.
    public func parsedDocument(at path: String, options: JSONParserOptions) -> JSONDocument? { nil }

    /// No cache: nothing is kept.
    public func remember(_ document: JSONDocument, at path: String, bytes: Int, options: JSONParserOptions) {}

    /// Walks `list` recursively.
    public func allFiles(under folder: String) throws -> [String] {
        var result: [String] = []
        var pending = [folder]
        while let current = pending.popLast() {
            for entry in try list(current) {
                let path = current.isEmpty ? entry.name : current + "/" + entry.name
                if entry.isFolder { pending.append(path) } else { result.append(path) }
            }
        }
        return result.sorted()
    }

    /// Sources without links (in memory) have none.
    public func isSymbolicLink(_ path: String) throws -> Bool { false }

    /// The first component of `path` (itself or a folder above it) that is a symbolic link, if any.
    public func symbolicLinkComponent(of path: String) throws -> String? {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
            if try isSymbolicLink(prefix) { return prefix }
        }
        return nil
    }

    /// Unknown: the loader counts what it read.
    public func size(of path: String) throws -> Int? { nil }

    /// Walks `list` with an explicit stack (never recursion), stopping at the first limit passed.
    public func allFiles(under folder: String, maxDepth: Int, maxFiles: Int) throws -> [String] {
        var result: [String] = []
        var pending: [(path: String, depth: Int)] = [(folder, 0)]
        while let current = pending.popLast() {
            for entry in try list(current.path) {
                let path = current.path.isEmpty ? entry.name : current.path + "/" + entry.name
                if entry.isFolder {
                    guard current.depth + 1 <= maxDepth else {
                        throw ConfigSourceError(
                            kind: .tooDeep(limit: maxDepth), path: path,
                            message: "folders nested more than \(maxDepth) levels below \(folder)")
                    }
                    pending.append((path, current.depth + 1))
                } else {
                    result.append(path)
                    guard result.count <= maxFiles else {
                        throw ConfigSourceError(
                            kind: .tooManyFiles(limit: maxFiles), path: folder,
                            message: "more than \(maxFiles) files below \(folder)")
                    }
                }
            }
        }
        return result.sorted()
    }

    /// A generic description.
    public var sourceDescription: String { String(describing: Self.self) }
}
