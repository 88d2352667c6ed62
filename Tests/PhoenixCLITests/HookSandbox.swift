import Foundation
import PhoenixTesting

/// One test's world for the git hooks: a scratch folder, the built `phoenix-gitops`, the project's
/// example configuration as the good content, and a private `TMPDIR` so a test can check that a hook
/// left no temporary folder behind.
///
/// A class so that its `deinit` can remove the scratch folder robustly: a refused push leaves the server's
/// `git receive-pack` deleting its object quarantine (`objects/tmp_objdir-incoming-*`) after the client has
/// returned, and stopping `git daemon` signals it to do so, so a single recursive removal can race with it,
/// fail half-way and leave the folder behind.
final class HookSandbox {
    /// The scratch folder (removed when the last reference goes away).
    let scratch: ScratchDirectory
    /// The built executable the hooks run.
    let binary: URL
    /// The `TMPDIR` the hooks get: empty again after every hook run.
    let hookTemp: URL

    init() throws {
        scratch = try ScratchDirectory(prefix: "phoenix-hooks")
        binary = try BuiltExecutable.phoenixGitops()
        hookTemp = scratch.path("hook-tmp")
        try FileManager.default.createDirectory(at: hookTemp, withIntermediateDirectories: true)
    }

    deinit {
        // Bounded: the racing removal by receive-pack takes milliseconds.
        for _ in 0..<100 where FileManager.default.fileExists(atPath: scratch.url.path) {
            if (try? FileManager.default.removeItem(at: scratch.url)) != nil { break }
            usleep(20_000)
        }
    }

    /// A git helper for `folder` whose commands (and so the hooks they start) get `TMPDIR` = ``hookTemp``
    /// and the extra `environment`.
    func git(in folder: URL, environment: [String: String] = [:]) -> GitCLI {
        var env = environment
        env["TMPDIR"] = hookTemp.path
        return GitCLI(in: folder, environment: env)
    }

    /// A new working repository at `name` holding the example `config/` and `stacks/`, not yet committed.
    func workingRepository(_ name: String, environment: [String: String] = [:]) throws -> GitCLI {
        let folder = scratch.path(name)
        try GitCLI.initRepository(at: folder)
        for part in ["config", "stacks"] {
            try FileManager.default.copyItem(
                at: BuiltExecutable.packageRoot.appendingPathComponent(part), to: folder.appendingPathComponent(part))
        }
        return git(in: folder, environment: environment)
    }

    /// Copies the project's `hooks/<name>` into `hooksFolder`, executable.
    func install(hook name: String, into hooksFolder: URL) throws {
        let source = BuiltExecutable.packageRoot.appendingPathComponent("hooks").appendingPathComponent(name)
        let target = hooksFolder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: hooksFolder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try ExecutableFile.copy(source, to: target)  // git execs it: never open for writing here (ETXTBSY)
    }

    /// Installs the project's `hooks/<name>` into a bare repository's `hooksFolder` for a server started
    /// by `git daemon`, whose environment a test cannot choose: the hook is copied unchanged as
    /// `phoenix-<name>`, and `<name>` is a three-line wrapper that sets `TMPDIR` to ``hookTemp`` (so the
    /// test can check the clean-up) and `exec`s it, stdin and arguments passed through.
    func installForDaemon(hook name: String, into hooksFolder: URL) throws {
        try install(hook: name, into: hooksFolder)
        let real = hooksFolder.appendingPathComponent("phoenix-\(name)")
        try FileManager.default.moveItem(at: hooksFolder.appendingPathComponent(name), to: real)
        let quoted = "'" + hookTemp.path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let wrapper = "#!/bin/sh\nTMPDIR=\(quoted) && export TMPDIR\nexec \"$(dirname \"$0\")/phoenix-\(name)\" \"$@\"\n"
        let target = hooksFolder.appendingPathComponent(name)
        try ExecutableFile.write(Data(wrapper.utf8), to: target)
    }

    /// Runs `git <arguments>` with `git`'s isolated environment and returns the result whatever the exit
    /// status (a refused commit or push is an expected outcome here, not a thrown error).
    func attempt(_ git: GitCLI, _ arguments: [String]) throws -> CommandResult {
        try TestProcess.run(
            "git", ["-c", "init.defaultBranch=main"] + arguments, in: git.directory, environment: git.environment)
    }

    /// What is left in the hooks' `TMPDIR` (should be nothing after a hook ran).
    func leftoverTemporaryFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: hookTemp.path)
    }

    /// The text of a file in the example configuration.
    static func exampleText(_ path: String) throws -> String {
        try String(contentsOf: BuiltExecutable.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// Writes `text` to `path` inside the working tree of `git`.
    static func write(_ text: String, to path: String, in git: GitCLI) throws {
        try Data(text.utf8).write(to: git.directory.appendingPathComponent(path))
    }
}
