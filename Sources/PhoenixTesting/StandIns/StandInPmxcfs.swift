public import Foundation
import Synchronization

/// pmxcfs's side of cfs_lock on a plain folder standing for `/etc/pve` (docs/stand-ins.md): pmxcfs
/// removes a lock directory under `priv/lock` when a contender sends an unlock request (`utime(0, 0)`)
/// and the lock has not been refreshed by its holder (`utime(0, now)`) for the lock lifetime, measured
/// from when this node first saw it (pve-cluster 7091d92 `src/pmxcfs/memdb.c:42` `CFS_LOCK_TIMEOUT`
/// 120 s, `:346`; `src/README` "File Locking"). The real lifetime is 120 s; tests pass a short one.
///
/// It watches the folder from a thread of its own (every 20 ms), never from the cooperative pool, so a
/// test that blocks that pool cannot stall expiry.
public final class StandInPmxcfs: Sendable {
    private struct Seen {
        var modified: TimeInterval
        var refreshedAt: Date
    }

    /// `<hostRoot>/etc/pve/priv/lock`.
    public let lockDirectory: String
    /// How long a lock lives without a refresh.
    public let lifetime: TimeInterval
    private let shared: Shared

    /// What the watching thread shares with this object (the thread must not keep the object alive).
    private final class Shared: Sendable {
        let stopped = Mutex(false)
        /// Locks expired, by name, in order (what a test checks).
        let expired = Mutex<[String]>([])
    }

    /// Starts watching `<hostRoot>/etc/pve/priv/lock` (created).
    public init(hostRoot: String, lifetime: TimeInterval) throws {
        let lockDirectory = hostRoot + "/etc/pve/priv/lock"
        self.lockDirectory = lockDirectory
        self.lifetime = lifetime
        let shared = Shared()
        self.shared = shared
        try FileManager.default.createDirectory(atPath: lockDirectory, withIntermediateDirectories: true)
        let thread = Thread { Self.watch(lockDirectory, lifetime: lifetime, shared: shared) }
        thread.start()
    }

    deinit { stop() }

    /// Stops watching.
    public func stop() { shared.stopped.withLock { $0 = true } }

    /// The locks expired so far.
    public var expired: [String] { shared.expired.withLock { $0 } }

    private static func watch(_ lockDirectory: String, lifetime: TimeInterval, shared: Shared) {
        var seen: [String: Seen] = [:]
        while !shared.stopped.withLock({ $0 }) {
            let now = Date()
            let names = (try? FileManager.default.contentsOfDirectory(atPath: lockDirectory)) ?? []
            seen = seen.filter { names.contains($0.key) }
            for name in names {
                let path = lockDirectory + "/" + name
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970
                else { continue }
                var entry = seen[name] ?? Seen(modified: modified, refreshedAt: now)
                if modified != 0, modified != entry.modified {
                    entry.refreshedAt = now  // the holder's utime(0, now)
                }
                entry.modified = modified
                seen[name] = entry
                if modified == 0, now.timeIntervalSince(entry.refreshedAt) > lifetime {
                    // An unlock request on an expired lock: pmxcfs deletes it.
                    if rmdir(path) == 0 {
                        seen[name] = nil
                        shared.expired.withLock { $0.append(name) }
                    }
                }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}
