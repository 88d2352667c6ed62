public import Foundation

/// The real `git` command line, run in one folder with argv arrays, as an independent peer for
/// PhoenixGit (it writes commits we read, and checks commits we write).
///
/// Every run is isolated from the machine's git configuration: `GIT_CONFIG_NOSYSTEM=1` (so
/// /etc/gitconfig's `url.insteadOf` rewrites do not apply), `GIT_CONFIG_GLOBAL=/dev/null`, no
/// terminal prompts, `init.defaultBranch=main`, and a fixed author/committer identity
/// (``authorName`` / ``authorEmail``).
public struct GitCLI: Sendable {
    /// The name every commit made through this helper carries.
    public static let authorName = "Phoenix Test"
    /// The e-mail every commit made through this helper carries.
    public static let authorEmail = "phoenix-test@example.invalid"

    /// The folder commands run in.
    public let directory: URL
    /// Extra `-c key=value` settings passed to every command (e.g. `gpg.format=ssh`).
    public let config: [String: String]
    /// Extra environment variables for every command (e.g. a fixed `GIT_COMMITTER_DATE`).
    public let extraEnvironment: [String: String]

    /// A helper for `directory` (which need not be a repository yet: `init` works too).
    public init(in directory: URL, config: [String: String] = [:], environment: [String: String] = [:]) {
        self.directory = directory
        self.config = config
        self.extraEnvironment = environment
    }

    /// The isolated environment commands run with.
    public var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("GIT_") { env.removeValue(forKey: key) }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_AUTHOR_NAME"] = Self.authorName
        env["GIT_AUTHOR_EMAIL"] = Self.authorEmail
        env["GIT_COMMITTER_NAME"] = Self.authorName
        env["GIT_COMMITTER_EMAIL"] = Self.authorEmail
        env["LC_ALL"] = "C"
        for (key, value) in extraEnvironment { env[key] = value }
        return env
    }

    /// Runs `git <arguments>` and returns its stdout; throws ``CommandError`` with stderr on failure.
    @discardableResult
    public func run(_ arguments: String..., input: Data? = nil) throws -> String {
        try run(arguments, input: input)
    }

    /// Runs `git <arguments>` and returns its stdout; throws ``CommandError`` with stderr on failure.
    @discardableResult
    public func run(_ arguments: [String], input: Data? = nil) throws -> String {
        try runData(arguments, input: input).stdout
    }

    /// Runs `git <arguments>` and returns the full result (raw stdout bytes included); throws on failure.
    @discardableResult
    public func runData(_ arguments: [String], input: Data? = nil) throws -> CommandResult {
        var argv = ["-c", "init.defaultBranch=main"]
        for (key, value) in config.sorted(by: { $0.key < $1.key }) {
            argv += ["-c", "\(key)=\(value)"]
        }
        do {
            return try TestProcess.check("git", argv + arguments, in: directory, environment: environment, input: input)
        } catch let error as CommandError where error.result?.stderr.contains("Text file busy") == true {
            // A hook this fixture just wrote can still be open for writing in a child another test
            // forked at that moment (until that child execs): git then cannot exec it (ETXTBSY). The
            // child execs within milliseconds; one retry after a pause is enough (pushes are
            // idempotent here: the hook refused, nothing was updated).
            Thread.sleep(forTimeInterval: 0.2)
            return try TestProcess.check("git", argv + arguments, in: directory, environment: environment, input: input)
        }
    }

    /// `git rev-parse --verify <revision>^{commit}`: the full sha, trimmed.
    public func revParse(_ revision: String) throws -> String {
        try run("rev-parse", "--verify", "\(revision)^{commit}").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Building repositories

    /// `git init` (optionally `--bare`) in ``directory``, creating the folder.
    @discardableResult
    public static func initRepository(at directory: URL, bare: Bool = false) throws -> GitCLI {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let git = GitCLI(in: directory)
        try git.run(bare ? ["init", "-q", "--bare"] : ["init", "-q"])
        return git
    }

    /// Writes `files` (path → text; nil deletes) into the working tree, stages everything and commits.
    /// Returns the new commit's sha.
    @discardableResult
    public func commit(_ files: [String: String?], message: String) throws -> String {
        for (path, content) in files {
            let url = directory.appendingPathComponent(path)
            if let content {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content.utf8).write(to: url)
            } else {
                try? FileManager.default.removeItem(at: url)
            }
        }
        try run("add", "-A")
        try run("commit", "-q", "--allow-empty", "-m", message)
        return try revParse("HEAD")
    }

    /// Makes a bare repository at `directory` whose `update` hook refuses pushes to `refs`
    /// (full names, e.g. `refs/heads/locked`) with `reason` on stderr. Hooks run only over a real
    /// transport (git://, ssh://), not over file://, which libgit2 handles locally.
    @discardableResult
    public static func bareRepositoryRejectingPushes(
        at directory: URL, to refs: [String], reason: String = "push declined by policy"
    ) throws -> GitCLI {
        let git = try initRepository(at: directory, bare: true)
        let cases = refs.map { "  \(shellQuoted($0))) echo \(shellQuoted(reason)) >&2; exit 1 ;;" }.joined(separator: "\n")
        let script = """
            #!/bin/sh
            # update hook written by PhoenixTesting: $1 is the ref being updated.
            case "$1" in
            \(cases)
            esac
            exit 0

            """
        let hook = directory.appendingPathComponent("hooks/update")
        try FileManager.default.createDirectory(at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ExecutableFile.write(Data(script.utf8), to: hook)
        return git
    }

    /// Single-quotes `text` for /bin/sh (only used for fixture hook scripts, never for running commands).
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
