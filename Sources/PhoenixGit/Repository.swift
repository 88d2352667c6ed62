import Clibgit2
public import Foundation
import Synchronization

/// A git repository opened through libgit2: the handle for every PhoenixGit operation.
///
/// The `git_repository *` sits inside a `Mutex`: libgit2 objects must be used from one thread at a time,
/// so calls on one `Repository` are serialised while different repositories run in parallel.
/// Every libgit2 object an operation touches is created and freed inside the locked closure;
/// only plain Swift values (``ObjectID``, ``Commit``, `Data`, ...) come out. No working tree,
/// index or HEAD is touched by the read, diff, commit-to-ref, revert and fetch operations.
///
/// Calls are synchronous and block their thread (fetch/push wait on the network for as long as the
/// transport takes); from async code run long ones off the cooperative pool if that matters.
public final class Repository: Sendable {
    private let handle: Mutex<RepositoryHandle>

    /// The repository's git directory (`.../repo.git/` or `.../worktree/.git/`).
    public let gitDirectory: URL
    /// The working tree, or nil for a bare repository.
    public let workingDirectory: URL?

    /// True when the repository has no working tree.
    public var isBare: Bool { workingDirectory == nil }

    init(taking pointer: sending OpaquePointer) {
        gitDirectory = URL(fileURLWithPath: String(cString: git_repository_path(pointer)), isDirectory: true)
        workingDirectory = git_repository_workdir(pointer).map {
            URL(fileURLWithPath: String(cString: $0), isDirectory: true)
        }
        handle = Mutex(RepositoryHandle(pointer))
    }

    /// Runs `body` with the raw repository pointer while holding the lock. `body` must not let the
    /// pointer, or any libgit2 object derived from it, escape: copy values out and free objects inside.
    func withRepository<R: Sendable>(_ body: (OpaquePointer) throws(GitError) -> R) throws(GitError) -> R {
        try handle.withLock { (repo: inout sending RepositoryHandle) throws(GitError) -> R in
            try body(repo.pointer)
        }
    }

    // MARK: - Opening and creating

    /// Opens the repository whose git directory or working tree is exactly `url` (no search upwards).
    ///
    /// - Throws: ``GitError`` with code ``GitError/Code/notFound`` when `url` is not a repository.
    public static func open(at url: URL) throws(GitError) -> Repository {
        Libgit2.ensureInitialised()
        var raw: OpaquePointer?
        let rc = git_repository_open_ext(&raw, url.path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        if rc == GIT_ENOTFOUND.rawValue {
            throw GitError(.notFound, "not a git repository: \(url.path)", function: "git_repository_open_ext")
        }
        try GitError.check(rc, function: "git_repository_open_ext")
        guard let raw else {
            throw GitError(.notFound, "not a git repository: \(url.path)", function: "git_repository_open_ext")
        }
        return Repository(taking: raw)
    }

    /// Creates a new repository at `url` (making missing parent folders) whose HEAD points at
    /// `refs/heads/<initialBranch>`. Refuses to re-initialise an existing repository.
    ///
    /// - Throws: ``GitError/Code/exists`` when `url` already holds a repository.
    public static func create(at url: URL, bare: Bool, initialBranch: String = "main") throws(GitError) -> Repository {
        Libgit2.ensureInitialised()
        var options = git_repository_init_options()
        try GitError.check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            function: "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_MKDIR.rawValue
            | GIT_REPOSITORY_INIT_NO_REINIT.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var raw: OpaquePointer?
        let rc = initialBranch.withCString { branch -> Int32 in
            options.initial_head = branch
            return git_repository_init_ext(&raw, url.path, &options)
        }
        try GitError.check(rc, function: "git_repository_init_ext")
        guard let raw else {
            throw GitError(.other(-1), "git_repository_init_ext returned no repository", function: "git_repository_init_ext")
        }
        return Repository(taking: raw)
    }
}
