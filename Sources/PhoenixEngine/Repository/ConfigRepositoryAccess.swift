import Foundation
import PhoenixGit

/// How the read-only commands (`plan`, `render`, `validate --at`) reach the config repository without
/// touching the network (docs/adr/0006-planner.md):
///
/// - a local path or a `file://` URL is opened directly (bare or not; only git objects are read);
/// - any other URL is read from the watcher's mirror `<state-dir>/mirror.git`, as last fetched; when
///   there is no mirror yet the command fails and says how to make one (these commands never fetch,
///   so a plan is reproducible and works offline);
/// - no `--repo` at all is the embedded repository `<state-dir>/config.git`.
public struct ConfigRepositoryAccess: Sendable {
    /// Where the repository was found.
    public enum Origin: Sendable, Hashable, CustomStringConvertible {
        /// A local repository opened in place.
        case local(URL)
        /// The watcher's mirror of a remote URL.
        case mirror(url: String, at: URL)
        /// The embedded default repository.
        case embedded(URL)

        public var description: String {
            switch self {
            case .local(let url): "repository \(url.path)"
            case .mirror(let remote, let url): "mirror \(url.path) of \(Redacted.url(remote))"
            case .embedded(let url): "embedded repository \(url.path)"
            }
        }
    }

    /// The settings giving `repo`, `branch` and `state_dir`.
    public let settings: WatcherSettings

    /// Access for `settings`.
    public init(settings: WatcherSettings) {
        self.settings = settings
    }

    /// Where the repository of `settings` is read from.
    public var origin: Origin {
        guard let repo = settings.repo, !repo.isEmpty else { return .embedded(settings.embeddedRepository) }
        if repo.hasPrefix("file://"), let url = URL(string: repo), url.isFileURL {
            return .local(url.standardizedFileURL)
        }
        if Self.isRemote(repo) { return .mirror(url: repo, at: settings.mirrorRepository) }
        return .local(URL(fileURLWithPath: repo).standardizedFileURL)
    }

    /// Opens the repository (read only; nothing is fetched).
    ///
    /// - Throws: `RepositoryAccessError` naming the missing repository and how to get one.
    public func open() throws(RepositoryAccessError) -> Repository {
        let origin = origin
        let url: URL
        let hint: String
        switch origin {
        case .local(let path):
            url = path
            hint = "--repo names no git repository"
        case .mirror(_, let path):
            url = path
            hint = "there is no mirror yet; run `phoenix-gitops apply` or `watch --once` to fetch it, "
                + "or pass --repo with a local clone"
        case .embedded(let path):
            url = path
            hint = "there is no embedded repository yet; run `phoenix-gitops watch` once to create it, or pass --repo"
        }
        do {
            return try Repository.open(at: url)
        } catch {
            throw RepositoryAccessError(message: "cannot open \(origin): \(hint) (\(error.message))")
        }
    }

    /// The tip of the tracked branch: `refs/heads/<branch>` of a local repository; in a mirror the
    /// watcher's tracking ref `refs/remotes/origin/<branch>` first, then `refs/heads/<branch>`.
    public func trackedTip(in repository: Repository) throws(RepositoryAccessError) -> ObjectID {
        let heads = "refs/heads/\(settings.branch)"
        let tracking = Repository.trackingReference(for: settings.branch)
        let candidates: [String]
        switch origin {
        case .mirror: candidates = [tracking, heads]
        case .local, .embedded: candidates = [heads, tracking]
        }
        for name in candidates {
            do {
                if let id = try repository.reference(named: name) { return id }
            } catch {
                throw RepositoryAccessError(message: "cannot read \(name): \(error.message)")
            }
        }
        throw RepositoryAccessError(message: "branch \(settings.branch) not found in \(origin)")
    }

    /// The commit `revision` names (a sha, branch, tag, `HEAD~1`, ...); nil means the tracked tip.
    public func resolve(_ revision: String?, in repository: Repository) throws(RepositoryAccessError) -> ObjectID {
        guard let revision else { return try trackedTip(in: repository) }
        do {
            return try repository.resolve(revision)
        } catch {
            throw RepositoryAccessError(message: "unknown revision '\(revision)': \(error.message)")
        }
    }

    /// `ssh://`, `https://`, `git://`, ... or scp-like `user@host:path`.
    static func isRemote(_ repo: String) -> Bool {
        if repo.contains("://") { return true }
        guard let colon = repo.firstIndex(of: ":"), !repo.hasPrefix("/"), !repo.hasPrefix(".") else { return false }
        let host = repo[..<colon]
        return !host.isEmpty && !host.contains("/")
    }
}

/// Removes userinfo (`https://user:token@host` → `https://***@host`) before a URL appears in a message.
enum Redacted {
    static func url(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else { return text }
        let slash = text[scheme.upperBound...].firstIndex(of: "/") ?? text.endIndex
        guard at < slash else { return text }
        return String(text[..<scheme.upperBound]) + "***" + String(text[at...])
    }
}
