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
}

extension ConfigSource {
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

    /// A generic description.
    public var sourceDescription: String { String(describing: Self.self) }
}
