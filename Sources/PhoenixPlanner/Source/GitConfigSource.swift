import Foundation
import PhoenixCore
import PhoenixGit

/// A `ConfigSource` over one commit of a git repository: every read comes from the object database,
/// never from a working tree, so loading at a commit sees exactly what was committed (DESIGN §2).
///
/// Paths with `..`, `.` or a leading `/` are refused before libgit2 sees them. A blob over
/// `maxFileBytes` is refused with `ConfigSourceError.Kind.tooLarge`, from its object header: the blob is
/// never inflated (a 200 MB blob used to be copied whole before this check). Tree walks are iterative
/// and bounded (``allFiles(under:maxDepth:maxFiles:)``).
public struct GitConfigSource: ConfigSource {
    /// The repository.
    public let repository: Repository
    /// The commit read from.
    public let commit: ObjectID
    /// Largest file that will be returned (default 16 MiB, the JSON parser's limit).
    public let maxFileBytes: Int
    /// Blob ids of the files walked or listed so far: reads after the first of a folder go by id.
    private let index = BlobIndex()
    /// Documents parsed before, by blob id (nil: every load parses what it reads).
    public var documents: ParsedBlobCache?

    /// A source over `commit` of `repository`.
    public init(repository: Repository, commit: ObjectID, maxFileBytes: Int = 16 * 1024 * 1024) {
        self.repository = repository
        self.commit = commit
        self.maxFileBytes = maxFileBytes
    }

    /// A source over `commit` reading files up to `limits.maxFileBytes`.
    public init(repository: Repository, commit: ObjectID, limits: InputLimits) {
        self.init(repository: repository, commit: commit, maxFileBytes: limits.maxFileBytes)
    }

    /// A source over `commit` reading files up to `limits.maxFileBytes`, sharing `documents` with other
    /// loads (a file unchanged between commits is parsed once).
    public init(repository: Repository, commit: ObjectID, limits: InputLimits, documents: ParsedBlobCache?) {
        self.init(repository: repository, commit: commit, maxFileBytes: limits.maxFileBytes)
        self.documents = documents
    }

    /// `commit 1a2b3c4`.
    public var sourceDescription: String { "commit \(commit.short)" }

    /// The document parsed before from this file's blob, when the cache has it.
    public func parsedDocument(at path: String, options: JSONParserOptions) -> JSONDocument? {
        guard let documents, let clean = try? Self.check(path), let id = try? blobID(clean) else { return nil }
        return documents.document(id, options: options)
    }

    /// Keeps the document parsed from this file's blob.
    public func remember(_ document: JSONDocument, at path: String, bytes: Int, options: JSONParserOptions) {
        guard let documents, let clean = try? Self.check(path), let id = try? blobID(clean) else { return }
        documents.store(document, id: id, bytes: bytes, options: options)
    }

    /// The blob at `path`, or nil when there is no file there (a folder is not a file).
    public func read(_ path: String) throws -> Data? {
        let clean = try Self.check(path)
        guard !clean.isEmpty else { return nil }
        do {
            guard let id = try blobID(clean) else { return nil }
            if let size = try repository.blobSize(id), size > maxFileBytes {
                throw ConfigSourceError(
                    kind: .tooLarge(size: size, limit: maxFileBytes), path: path,
                    message: "file is \(size) bytes, over the limit of \(maxFileBytes) bytes; not read")
            }
            return try repository.blob(id, maxBytes: maxFileBytes)
        } catch let error as GitError {
            switch error.code {
            case .notABlob, .notATree: return nil
            default: throw ConfigSourceError(kind: .unreadable, path: path, message: error.message)
            }
        }
    }

    /// The blob's size from its object header (nothing is inflated); nil when there is no file.
    public func size(of path: String) throws -> Int? {
        let clean = try Self.check(path)
        guard !clean.isEmpty else { return nil }
        do {
            guard let id = try blobID(clean) else { return nil }
            return try repository.blobSize(id)
        } catch {
            switch error.code {
            case .notABlob, .notATree: return nil
            default: throw ConfigSourceError(kind: .unreadable, path: path, message: error.message)
            }
        }
    }

    /// The blob id of the file at `path` (nil: no file there), from the index; a folder not seen yet is
    /// listed once (one walk from the root for all its files).
    private func blobID(_ clean: String) throws(GitError) -> ObjectID? {
        switch index.lookup(clean) {
        case .file(let id): return id
        case .absent: return nil
        case .unknown:
            let folder = BlobIndex.folder(of: clean)
            index.record(folder: folder, entries: try repository.tree(at: commit, folder: folder))
            if case .file(let id) = index.lookup(clean) { return id }
            return nil
        }
    }

    /// The files and folders directly in `folder`, sorted by name; empty when there is no such folder.
    /// Submodule entries are left out (there is nothing to read in them).
    public func list(_ folder: String) throws -> [ConfigSourceEntry] {
        let clean = try Self.check(folder)
        let entries: [TreeEntry]
        do {
            entries = try repository.tree(at: commit, folder: clean)
        } catch {
            switch error.code {
            case .notATree, .notABlob: return []
            default: throw ConfigSourceError(kind: .unreadable, path: folder, message: error.message)
            }
        }
        return entries.compactMap { entry -> ConfigSourceEntry? in
            switch entry.kind {
            case .blob: ConfigSourceEntry(name: entry.name, isFolder: false)
            case .tree: ConfigSourceEntry(name: entry.name, isFolder: true)
            case .other: nil
            }
        }.sorted { $0.name < $1.name }
    }

    /// Every file below `folder` in one walk of the tree (instead of one `list` per folder).
    public func allFiles(under folder: String) throws -> [String] {
        let clean = try Self.check(folder)
        do {
            let files = try repository.files(at: commit, under: clean)
            index.record(files: files)
            return files.keys.sorted()
        } catch {
            switch error.code {
            case .notATree, .notABlob: return []
            default: throw ConfigSourceError(kind: .unreadable, path: folder, message: error.message)
            }
        }
    }

    /// Whether the tree entry at `path` is a symbolic link (mode 120000).
    public func isSymbolicLink(_ path: String) throws -> Bool {
        let clean = try Self.check(path)
        let parts = clean.split(separator: "/")
        guard let name = parts.last.map(String.init) else { return false }
        let folder = parts.dropLast().joined(separator: "/")
        let entries: [TreeEntry]
        do {
            entries = try repository.tree(at: commit, folder: folder)
        } catch {
            return false
        }
        return entries.contains { $0.name == name && $0.mode == 0o120000 }
    }

    /// Every file below `folder` in one bounded, iterative walk of the tree.
    public func allFiles(under folder: String, maxDepth: Int, maxFiles: Int) throws -> [String] {
        let clean = try Self.check(folder)
        do {
            let files = try repository.files(at: commit, under: clean, maxDepth: maxDepth, maxFiles: maxFiles)
            index.record(files: files)
            return files.keys.sorted()
        } catch {
            switch error.code {
            case .notATree, .notABlob: return []
            case .tooDeep(let at):
                throw ConfigSourceError(kind: .tooDeep(limit: maxDepth), path: at, message: error.message)
            case .limitExceeded:
                throw ConfigSourceError(kind: .tooManyFiles(limit: maxFiles), path: folder, message: error.message)
            default: throw ConfigSourceError(kind: .unreadable, path: folder, message: error.message)
            }
        }
    }

    /// The path without empty components; refuses `.`, `..`, a leading `/` and NUL.
    private static func check(_ path: String) throws(ConfigSourceError) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." }), !path.contains("\0") else {
            throw ConfigSourceError(kind: .unsafePath, path: path, message: "path leaves the configuration root")
        }
        return parts.joined(separator: "/")
    }
}
