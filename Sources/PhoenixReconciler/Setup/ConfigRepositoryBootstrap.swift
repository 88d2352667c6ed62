import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit

/// Creates a config repository from a configuration on disk: the embedded default of `watch`
/// (`<state-dir>/config.git`) and `phoenix-gitops init DIR`.
///
/// The repository is bare — it is a remote people clone and push to, like any Git server's — with
/// one commit on the tracked branch holding `<config-path>/` and `<stacks-path>/`, and the given
/// hooks installed in `hooks/` (executable), so a push of a broken configuration is refused there.
public enum ConfigRepositoryBootstrap {
    /// Where the example comes from.
    public struct Example: Sendable {
        /// Folder with the JSON files.
        public var configDirectory: URL
        /// Folder with one folder per stack.
        public var stacksDirectory: URL
        /// Git hooks to install (nil: none).
        public var hooksDirectory: URL?

        /// Creates a description.
        public init(configDirectory: URL, stacksDirectory: URL, hooksDirectory: URL?) {
            self.configDirectory = configDirectory
            self.stacksDirectory = stacksDirectory
            self.hooksDirectory = hooksDirectory
        }
    }

    /// Creates the repository at `url` and returns its first commit.
    /// - Throws: ``EngineError/repositorySetup(_:)`` when `url` exists and is not empty, or a file
    ///   cannot be read.
    /// `hookSettings` become `git config phoenix.<key> <value>` in the new repository (the hooks read
    /// `phoenix.binary`, `phoenix.configPath`, ...).
    @discardableResult
    public static func create(
        at url: URL, from example: Example, layout: ConfigLayout, branch: String, author: Signature,
        hookSettings: [String: String] = [:]
    ) throws -> ObjectID {
        let fileManager = FileManager.default
        if let contents = try? fileManager.contentsOfDirectory(atPath: url.path), !contents.isEmpty {
            throw EngineError.repositorySetup("\(url.path) exists and is not empty")
        }
        var changes: [String: FileChange] = [:]
        try collect(example.configDirectory, into: layout.configPath, changes: &changes)
        try collect(example.stacksDirectory, into: layout.stacksPath, changes: &changes)
        guard !changes.isEmpty else {
            throw EngineError.repositorySetup("the example folders \(example.configDirectory.path) hold no files")
        }
        do {
            let repository = try Repository.create(at: url, bare: true, initialBranch: branch)
            let commit = try repository.commitFiles(
                changes, onto: "refs/heads/\(branch)", expectedTip: nil,
                message: "Phoenix configuration (created by phoenix-gitops)\n", author: author)
            if let hooks = example.hooksDirectory {
                try installHooks(from: hooks, into: repository.gitDirectory.appendingPathComponent("hooks", isDirectory: true))
            }
            try appendConfig(hookSettings, to: repository.gitDirectory.appendingPathComponent("config"))
            return commit
        } catch let error as GitError {
            throw EngineError.repositorySetup("cannot create \(url.path): \(error.message)")
        }
    }

    /// The embedded default: creates `settings.embeddedRepository` from `example` unless it exists.
    /// Returns true when it was created now.
    @discardableResult
    public static func ensureEmbedded(
        settings: WatcherSettings, example: Example, author: Signature, hookSettings: [String: String] = [:]
    ) throws -> Bool {
        let url = settings.embeddedRepository
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("HEAD").path) { return false }
        try create(
            at: url, from: example, layout: settings.layout, branch: settings.branch, author: author,
            hookSettings: hookSettings)
        return true
    }

    /// Appends a `[phoenix]` section to a git config file (values quoted, so paths with spaces work).
    static func appendConfig(_ values: [String: String], to file: URL) throws {
        guard !values.isEmpty else { return }
        var text = "[phoenix]\n"
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            guard key.allSatisfy({ $0.isLetter || $0.isNumber }), !value.contains("\n") else {
                throw EngineError.repositorySetup("invalid git config value for phoenix.\(key)")
            }
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            text += "\t\(key) = \"\(escaped)\"\n"
        }
        do {
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw EngineError.repositorySetup("cannot write \(file.path): \(error.localizedDescription)")
        }
    }

    /// Copies every regular file below `folder` into `changes` under `prefix`, keeping the executable bit.
    static func collect(_ folder: URL, into prefix: String, changes: inout [String: FileChange]) throws {
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw EngineError.repositorySetup("\(folder.path) is not a folder")
        }
        guard let enumerator = fileManager.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw EngineError.repositorySetup("cannot list \(folder.path)")
        }
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        for case let file as URL in enumerator {
            // Placeholder files that keep empty folders in the project are not configuration.
            if [".keep", ".gitkeep"].contains(file.lastPathComponent) { continue }
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = file.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(base + "/") else { continue }
            let relative = String(path.dropFirst(base.count + 1))
            let data: Data
            do {
                data = try Data(contentsOf: file)
            } catch {
                throw EngineError.repositorySetup("cannot read \(file.path): \(error.localizedDescription)")
            }
            let executable = fileManager.isExecutableFile(atPath: file.path)
            changes[prefix.isEmpty ? relative : prefix + "/" + relative] = .write(data, executable: executable)
        }
    }

    /// Copies hook scripts (top-level files) into a repository's hooks folder, mode 0755.
    static func installHooks(from folder: URL, into hooks: URL) throws {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: folder.path) else { return }
        do {
            try fileManager.createDirectory(at: hooks, withIntermediateDirectories: true)
            for name in names.sorted() where !name.hasPrefix(".") {
                let source = folder.appendingPathComponent(name)
                var isFolder: ObjCBool = false
                guard fileManager.fileExists(atPath: source.path, isDirectory: &isFolder), !isFolder.boolValue else {
                    continue
                }
                let target = hooks.appendingPathComponent(name)
                try? fileManager.removeItem(at: target)
                try fileManager.copyItem(at: source, to: target)
                try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.path)
            }
        } catch {
            throw EngineError.repositorySetup("cannot install hooks into \(hooks.path): \(error.localizedDescription)")
        }
    }
}
