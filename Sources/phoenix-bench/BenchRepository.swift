import Foundation
import PhoenixGit
import PhoenixTesting

/// A scratch bare repository written with libgit2 (no working tree), removed by `remove()`.
struct BenchRepository {
    /// The folder (also the git directory).
    let folder: URL
    /// The open repository.
    let repository: Repository

    /// A fixed author, so the same content gives the same commit ids on every run.
    static let author = Signature(
        name: "phoenix-bench", email: "bench@example.invalid", date: Date(timeIntervalSince1970: 1_700_000_000))

    /// Creates an empty bare repository in a fresh temporary folder (or at `folder`).
    init(prefix: String, at folder: URL? = nil) throws {
        GitTestEnvironment.prepare()
        self.folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        repository = try Repository.create(at: self.folder, bare: true)
    }

    /// Commits `files` (path → bytes) on `refs/heads/main` on top of `parent`.
    @discardableResult
    func commit(_ files: [String: Data], deleting: [String] = [], parent: ObjectID?, message: String, index: Int = 0) throws
        -> ObjectID
    {
        var changes = files.mapValues { FileChange.write($0) }
        for path in deleting { changes[path] = .delete }
        // Distinct, increasing commit times keep the history ordered like a real one.
        var author = Self.author
        author.date = author.date.addingTimeInterval(Double(index) * 60)
        return try repository.commitFiles(changes, onto: "refs/heads/main", expectedTip: parent, message: message, author: author)
    }

    /// The isolated environment for the `git` CLI (no system or global config).
    var gitEnvironment: [String: String] { GitCLI(in: folder).environment }

    /// Deletes the folder.
    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
