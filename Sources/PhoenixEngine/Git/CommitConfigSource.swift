import Foundation
import PhoenixCore
import PhoenixGit

/// A `ConfigSource` over one commit of a repository: every read comes from git objects, never from a
/// working tree, so all stages of a run see one consistent snapshot (DESIGN §2).
struct CommitConfigSource: ConfigSource {
    /// The repository.
    let repository: Repository
    /// The commit.
    let commit: ObjectID
    /// Largest blob that will be read (the JSON parser's limit).
    var maxFileBytes = 16 * 1024 * 1024

    var sourceDescription: String { "commit \(commit.short)" }

    func read(_ path: String) throws -> Data? {
        guard !path.isEmpty, !path.split(separator: "/").contains("..") else {
            throw ConfigSourceError(kind: .unsafePath, path: path, message: "path leaves the repository")
        }
        do {
            guard let data = try repository.blob(at: commit, path: path) else { return nil }
            guard data.count <= maxFileBytes else {
                throw ConfigSourceError(
                    kind: .tooLarge(size: data.count, limit: maxFileBytes), path: path,
                    message: "file is \(data.count) bytes, over the limit of \(maxFileBytes) bytes; not read")
            }
            return data
        } catch let error as GitError {
            if case .notABlob = error.code { return nil }
            throw ConfigSourceError(kind: .unreadable, path: path, message: error.message)
        }
    }

    func list(_ folder: String) throws -> [ConfigSourceEntry] {
        do {
            return try repository.tree(at: commit, folder: folder).compactMap { entry in
                switch entry.kind {
                case .blob: ConfigSourceEntry(name: entry.name, isFolder: false)
                case .tree: ConfigSourceEntry(name: entry.name, isFolder: true)
                case .other: nil
                }
            }.sorted { $0.name < $1.name }
        } catch {
            if case .notATree = error.code { return [] }
            throw ConfigSourceError(kind: .unreadable, path: folder, message: error.message)
        }
    }
}
