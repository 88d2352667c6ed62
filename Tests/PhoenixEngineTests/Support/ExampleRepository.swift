import Foundation
import PhoenixCore
import PhoenixGit
import PhoenixTesting

/// A scratch git repository (made with the real `git` CLI) holding the project's example
/// configuration, with helpers to make realistic commits on it.
final class ExampleRepository {
    /// The package root, from this file's path (never the working directory).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let scratch: ScratchDirectory
    let git: GitCLI
    var root: URL { git.directory }

    /// A repository whose first commit is the example `config/` and `stacks/`, a README and a docs folder.
    init() throws {
        GitTestEnvironment.prepare()
        scratch = try ScratchDirectory(prefix: "phoenix-planner")
        git = try GitCLI.initRepository(at: scratch.path("config-repo"))
        for folder in ["config", "stacks"] {
            try FileManager.default.copyItem(
                at: Self.packageRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        // The example keeps empty folders alive with .keep files; a config repository would not.
        for keep in ["config/.keep", "stacks/.keep"] { try? FileManager.default.removeItem(at: root.appendingPathComponent(keep)) }
        try write("README.md", "# Lab configuration\n\nPush to main to deploy.\n")
        try write("docs/operations.md", "# Operations\n\n- rollback: git revert\n")
        try git.run("add", "-A")
        try git.run("commit", "-q", "-m", "initial configuration")
    }

    /// The repository through PhoenixGit.
    func open() throws -> Repository {
        try Repository.open(at: root)
    }

    /// The sha of `revision`.
    func sha(_ revision: String = "HEAD") throws -> ObjectID {
        let hex = try git.revParse(revision)
        guard let id = ObjectID(hex: hex) else { throw FixtureError("not a sha: \(hex)") }
        return id
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    /// Rewrites a JSON file through `transform`, in the files' own formatting.
    func editJSON(_ path: String, _ transform: (JSONValue) throws -> JSONValue) throws {
        let value = try JSONValue.parse(try read(path))
        try write(path, PrettyJSON.text(try transform(value)))
    }

    /// Replaces the one occurrence of `old` in a text file.
    func replace(_ path: String, _ old: String, with new: String) throws {
        let text = try read(path)
        guard text.components(separatedBy: old).count == 2 else { throw FixtureError("\(path): \"\(old)\" is not unique") }
        try write(path, text.replacingOccurrences(of: old, with: new))
    }

    /// `git add -A && git commit` (empty commits allowed); returns the new commit.
    @discardableResult
    func commit(_ message: String) throws -> ObjectID {
        try git.run("add", "-A")
        try git.run("commit", "-q", "--allow-empty", "-m", message)
        return try sha()
    }

    /// `git revert --no-edit <commit>`; returns the revert commit.
    @discardableResult
    func revert(_ commit: ObjectID) throws -> ObjectID {
        try git.run("revert", "--no-edit", commit.hex)
        return try sha()
    }
}

/// A fixture that could not be built as scripted.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
