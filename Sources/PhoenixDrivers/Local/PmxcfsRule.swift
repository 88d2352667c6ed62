import Foundation

/// What pmxcfs, the Proxmox cluster file system mounted at `/etc/pve`, allows, applied to host writes
/// so that the local driver's `/etc/pve` subtree (and a test host root) refuses what a real host refuses
/// instead of succeeding where production fails:
/// - modes: only 0640, or 0600 under `/etc/pve/priv` (`pmxcfs.c` `cfs_fuse_chmod`: "allow only setting
///   our supported modes (0600 for priv, 0640 for rest)", else -EPERM; pve-docs `pmxcfs.adoc`: "You
///   can't change file permissions (permissions are based on paths)");
/// - owner: only root:www-data (`cfs_fuse_chown`), so phoenix never chowns there;
/// - no symlinks (`cfs_fuse_symlink` refuses them outside its own fixed links).
enum PmxcfsRule {
    /// The mount point.
    static let root = "/etc/pve"

    /// Whether a normalized host path is on pmxcfs.
    static func covers(_ normalized: String) -> Bool {
        normalized == root || normalized.hasPrefix(root + "/")
    }

    /// The only mode pmxcfs accepts for the path.
    static func allowedMode(for normalized: String) -> Int {
        normalized.hasPrefix(root + "/priv/") ? 0o600 : 0o640
    }

    /// Throws the EPERM of a chown on pmxcfs (only root:www-data is allowed, and phoenix never sets it).
    static func checkOwner(_ normalized: String, location: Location) throws {
        guard location == .host, covers(normalized) else { return }
        throw DriverError.fileSystem(
            operation: "chown", path: normalized, location: location,
            reason: "Operation not permitted (pmxcfs files belong to root:www-data; no owner may be set)")
    }

    /// Throws the EPERM a real host would give for this write.
    static func checkWrite(
        _ normalized: String, mode: Int, hasOwner: Bool, local: String, location: Location
    ) throws {
        guard location == .host, covers(normalized) else { return }
        let allowed = allowedMode(for: normalized)
        if mode != allowed {
            throw DriverError.fileSystem(
                operation: "chmod", path: normalized, location: location,
                reason: "Operation not permitted (pmxcfs allows only mode \(octalMode(allowed)) here)")
        }
        if hasOwner { try checkOwner(normalized, location: location) }
        var info = stat()
        if lstat(local, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            throw DriverError.fileSystem(
                operation: "write", path: normalized, location: location, reason: "pmxcfs holds no symlinks")
        }
    }
}
