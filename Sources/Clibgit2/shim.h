#ifndef PHOENIX_CLIBGIT2_SHIM_H
#define PHOENIX_CLIBGIT2_SHIM_H

#include <git2.h>

// Swift cannot call C variadic functions, so each git_libgit2_opts option we need gets a
// non-variadic wrapper here. Keep this file to such one-line shims.

/// Turns libgit2's repository-owner check (safe.directory) on (1) or off (0).
static inline int phoenix_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/// Sets the search path libgit2 uses for one config level (global, xdg, system, programdata).
/// Tests point these at a scratch folder so the developer's own git config never leaks in.
static inline int phoenix_git_set_search_path(int level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

/// Sets the largest object of type `type` libgit2 keeps parsed in its object cache (default 4096 bytes
/// for trees, so a folder of a few hundred entries was inflated and parsed again on every lookup).
static inline int phoenix_git_set_cache_object_limit(git_object_t type, size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, bytes);
}

#endif
