import PhoenixCore

/// Maps host paths to the paths a guest sees them at, through the guest's bind mounts (LXC
/// `mount_points`) or NFS volumes (VM `volumes`): `/mnt/pve/x/101/ssl/a.crt` with the mount
/// `/mnt/pve/x/101/ssl` → `/etc/nginx/ssl` is `/etc/nginx/ssl/a.crt` inside the guest.
struct GuestPathMap {
    /// (host folder, guest folder) pairs, longest host folder first so the most specific mount wins.
    let mounts: [(host: String, guest: String)]

    /// The mounts of `guest`.
    init(_ guest: Guest) {
        var pairs: [(host: String, guest: String)] = []
        for mount in guest.lxc?.mountPoints ?? [] {
            if let host = mount.hostPath, let inside = mount.containerPath { pairs.append((host, inside)) }
        }
        for volume in guest.vm?.volumes ?? [] {
            if let host = volume.path, let inside = volume.mountPoint { pairs.append((host, inside)) }
        }
        mounts = pairs.map { (Self.trimmed($0.host), Self.trimmed($0.guest)) }.sorted { $0.host.count > $1.host.count }
    }

    /// The guest path of `hostPath`, or nil when no mount contains it.
    func guestPath(of hostPath: String) -> String? {
        for mount in mounts where !mount.host.isEmpty {
            if hostPath == mount.host { return mount.guest }
            if hostPath.hasPrefix(mount.host + "/") {
                let rest = hostPath.dropFirst(mount.host.count + 1)
                return (mount.guest == "/" ? "" : mount.guest) + "/" + rest
            }
        }
        return nil
    }

    /// Whether some mount contains `hostPath`.
    func contains(_ hostPath: String) -> Bool { guestPath(of: hostPath) != nil }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
