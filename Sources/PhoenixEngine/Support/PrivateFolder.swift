import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Folders and files only the watcher's user may read: the state folder (state.json, the lock, the
/// mirror, the local target's journal) is created 0700 and its files 0600 whatever the umask, since
/// they describe the platform and the mirror holds the whole config repository (issue #12, L4).
package enum PrivateFolder {
    /// Creates `url` (and missing parents) when absent; a folder created here is 0700. An existing
    /// folder keeps the mode its owner gave it.
    package static func ensure(_ url: URL) throws {
        var info = stat()
        if stat(url.path, &info) == 0 { return }
        let parent = url.deletingLastPathComponent()
        if parent.path != url.path, stat(parent.path, &info) != 0 {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        guard mkdir(url.path, 0o700) == 0 || errno == EEXIST else {
            throw NSError(
                domain: NSPOSIXErrorDomain, code: Int(errno),
                userInfo: [NSLocalizedDescriptionKey: "create \(url.path): \(String(cString: strerror(errno)))"])
        }
        _ = chmod(url.path, 0o700)  // the umask may have taken bits away; it may never add any
    }
}
