import Foundation
import PhoenixGit

/// One-time, process-wide set-up for tests that use PhoenixGit.
public enum GitTestEnvironment {
    /// Points libgit2's config search paths at a folder that does not exist, so the machine's
    /// /etc/gitconfig (with `url.insteadOf` rewrites) and ~/.gitconfig cannot change test results.
    /// Runs once per process (a `static let` initialiser is once-only and thread-safe), before any
    /// test's first repository when every test calls ``prepare()`` first.
    private static let isolated: Bool = {
        let nowhere = FileManager.default.temporaryDirectory
            .appendingPathComponent("phoenix-no-git-config-\(UUID().uuidString)", isDirectory: true)
        return (try? GitConfigIsolation.isolateSearchPaths(to: nowhere)) != nil
    }()

    /// Applies the isolation (idempotent); call at the start of every test using libgit2.
    /// Returns false if libgit2 refused the setting.
    @discardableResult
    public static func prepare() -> Bool {
        isolated
    }
}
