import Clibgit2

/// Process-wide facts about, and one-time set-up of, the linked libgit2.
public enum Libgit2 {
    /// `git_libgit2_init` must run before any other libgit2 call; a `static let` gives a
    /// once-only, thread-safe initialiser that strict concurrency accepts.
    private static let initialised: Int32 = {
        let result = git_libgit2_init()
        // Trees up to 4 MiB stay parsed in libgit2's object cache (its default keeps only trees under
        // 4 kB): a stacks folder of thousands of entries is then read once per process, not on every
        // tree comparison and file lookup (issue #16; the cache's total size stays libgit2's 256 MiB).
        _ = phoenix_git_set_cache_object_limit(GIT_OBJECT_TREE, 4 * 1024 * 1024)
        return result
    }()

    /// Makes sure libgit2 is initialised. Every entry point of PhoenixGit calls this first.
    @inline(__always)
    static func ensureInitialised() {
        _ = initialised
    }

    /// The linked libgit2 version, e.g. `1.5.1`.
    public static var version: String {
        ensureInitialised()
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
