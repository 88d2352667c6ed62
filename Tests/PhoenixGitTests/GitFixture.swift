import Foundation
import PhoenixGit
import PhoenixTesting

/// A scratch folder with a working repository driven by the git CLI, plus helpers to make bare
/// remotes and PhoenixGit repositories in it. Each test makes its own; deinit of `scratch` cleans up.
struct GitFixture {
    let scratch: ScratchDirectory
    /// A non-bare repository at `<scratch>/work`, driven by the git CLI.
    let work: GitCLI

    /// The identity PhoenixGit commits are written with in tests (a fixed time with a +02:00 offset).
    static let author = Signature(
        name: "Phoenix Bot", email: "bot@phoenix.invalid", date: Date(timeIntervalSince1970: 1_700_000_000),
        timeZoneOffsetMinutes: 120)

    init() throws {
        GitTestEnvironment.prepare()
        scratch = try ScratchDirectory(prefix: "phoenix-git-test")
        work = try GitCLI.initRepository(at: scratch.path("work"))
    }

    var workURL: URL { work.directory }

    /// `git init --bare <scratch>/<name>`.
    @discardableResult
    func bareRemote(_ name: String = "remote.git") throws -> GitCLI {
        try GitCLI.initRepository(at: scratch.path(name), bare: true)
    }

    /// `file://` URL of a folder in the scratch directory.
    func fileURL(_ name: String) -> String {
        "file://" + scratch.path(name).path
    }

    /// Opens the working repository with PhoenixGit.
    func openWork() throws -> Repository {
        try Repository.open(at: workURL)
    }

    /// A PhoenixGit-created bare repository in the scratch folder.
    func createBare(_ name: String) throws -> Repository {
        try Repository.create(at: scratch.path(name), bare: true)
    }

    /// `git diff --name-status -M from to` as (status letter, paths) pairs; similarity digits dropped.
    func cliNameStatus(from: String, to: String) throws -> Set<[String]> {
        let output = try work.run("diff", "--name-status", "-M", "--no-color", from, to)
        var result = Set<[String]>()
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            guard let status = fields.first?.first else { continue }
            result.insert([String(status)] + fields.dropFirst())
        }
        return result
    }

    /// Our diff in the same shape as ``cliNameStatus(from:to:)``.
    static func nameStatus(_ diff: TreeDiff) -> Set<[String]> {
        Set(diff.entries.map { entry -> [String] in
            switch entry.status {
            case .added: return ["A", entry.path]
            case .modified: return ["M", entry.path]
            case .deleted: return ["D", entry.path]
            case .typeChanged: return ["T", entry.path]
            case .renamed: return ["R", entry.oldPath ?? "?", entry.path]
            }
        })
    }

    /// Every ref of a repository as `git for-each-ref` prints it (sha and name), for before/after checks.
    static func refs(_ git: GitCLI) throws -> String {
        try git.run("for-each-ref", "--format=%(objectname) %(refname)")
    }
}

/// The id of a sha the CLI printed, for comparisons (fails the test on a malformed sha).
func oid(_ hex: String) throws -> ObjectID {
    guard let id = ObjectID(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw GitError(.invalid, "not a sha: \(hex)", function: "test")
    }
    return id
}
