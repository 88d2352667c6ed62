import Foundation

extension WatcherSettings {
    /// The bare mirror of a remote `repo`: `<state_dir>/mirror.git`.
    public var mirrorRepository: URL { stateDirectory.appendingPathComponent("mirror.git", isDirectory: true) }
}
