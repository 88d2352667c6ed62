import Clibgit2

extension Repository {
    /// The URLs a remote for `url` uses under the repository's `url.<base>.insteadOf` and
    /// `url.<base>.pushInsteadOf` rules (repository, global and system configuration), as git applies
    /// them: the longest matching prefix is replaced by its `<base>`; a push uses a `pushInsteadOf` match
    /// first, else the fetch URL.
    ///
    /// libgit2 applies these rules itself when it creates a remote, but libgit2 1.5 reads them with a
    /// regex config iterator that leaks its pcre2 match data (with the match's heap frames) for every
    /// config entry that does not match (fixed upstream in libgit2 pull request #6382, not in 1.5.x).
    /// That cost about 100 KB per fetch: a watcher polling every minute grew by some 140 MB a day
    /// (docs/benchmarks.md). Reading the entries with a plain iterator and matching prefixes here avoids
    /// libgit2's regex entirely; remotes are then created with `GIT_REMOTE_CREATE_SKIP_INSTEADOF`.
    static func rewrittenURLs(_ repo: OpaquePointer, url: String) throws(GitError) -> (fetch: String, push: String?) {
        var config: OpaquePointer?
        try GitError.check(git_repository_config_snapshot(&config, repo), function: "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        try GitError.check(git_config_iterator_new(&iterator, config), function: "git_config_iterator_new")
        defer { git_config_iterator_free(iterator) }
        var fetchRules: [(prefix: String, base: String)] = []
        var pushRules: [(prefix: String, base: String)] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while true {
            let rc = git_config_next(&entry, iterator)
            if rc == GIT_ITEROVER.rawValue { break }
            try GitError.check(rc, function: "git_config_next")
            guard let entry, let rawName = entry.pointee.name, let rawValue = entry.pointee.value else { continue }
            // Names come normalised: section and key lower-cased, the subsection (<base>) as written.
            let name = String(cString: rawName)
            guard name.hasPrefix("url.") else { continue }
            if name.hasSuffix(".pushinsteadof") {
                pushRules.append((String(cString: rawValue), String(name.dropFirst(4).dropLast(14))))
            } else if name.hasSuffix(".insteadof") {
                fetchRules.append((String(cString: rawValue), String(name.dropFirst(4).dropLast(10))))
            }
        }
        let fetch = rewrite(url, fetchRules) ?? url
        return (fetch, rewrite(url, pushRules))
    }

    /// `url` with the longest matching rule's prefix replaced, or nil when no rule matches.
    static func rewrite(_ url: String, _ rules: [(prefix: String, base: String)]) -> String? {
        var best: (prefix: String, base: String)?
        for rule in rules where !rule.prefix.isEmpty && url.hasPrefix(rule.prefix) {
            if rule.prefix.utf8.count > (best?.prefix.utf8.count ?? -1) { best = rule }
        }
        guard let best else { return nil }
        return best.base + url.dropFirst(best.prefix.count)
    }
}
