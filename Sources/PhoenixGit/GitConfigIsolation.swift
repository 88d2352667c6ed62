import Clibgit2
public import Foundation

/// Process-wide libgit2 settings that decide which outside configuration leaks into PhoenixGit.
public enum GitConfigIsolation {
    /// Points libgit2's global, XDG, system and ProgramData config search paths at `directory`, so
    /// `~/.gitconfig` and `/etc/gitconfig` (which may hold `url.insteadOf` rewrites, `safe.directory`,
    /// credential helpers...) no longer apply. The folder need not exist; an empty or missing folder
    /// means "no outside config". Affects repositories opened afterwards, in the whole process.
    /// Tests call it once before their first repository; a service may call it at start-up for
    /// reproducible behaviour.
    public static func isolateSearchPaths(to directory: URL) throws(GitError) {
        Libgit2.ensureInitialised()
        let levels: [git_config_level_t] = [
            GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
        ]
        for level in levels {
            try GitError.check(
                phoenix_git_set_search_path(level.rawValue, directory.path), function: "git_libgit2_opts(SET_SEARCH_PATH)")
        }
    }

    /// Turns libgit2's repository-ownership check on or off (default on).
    ///
    /// With it on, opening a repository owned by another user fails (libgit2 ≥ 1.4 reports a
    /// misleading "config value 'safe.directory' was not found"). Turn it off only when the service user
    /// legitimately differs from the repository owner (e.g. a mirror written by a deploy user) and
    /// the repository's location is trusted; the alternative is a `safe.directory` entry in git config.
    public static func setOwnerValidation(enabled: Bool) throws(GitError) {
        Libgit2.ensureInitialised()
        try GitError.check(
            phoenix_git_set_owner_validation(enabled ? 1 : 0), function: "git_libgit2_opts(SET_OWNER_VALIDATION)")
    }
}
