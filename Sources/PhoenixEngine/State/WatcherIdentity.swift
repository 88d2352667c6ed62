import Foundation
import PhoenixStages

/// Who applied: one watcher = one target (a host, or a local driver's folder). Several watchers may
/// follow the same repository and share its status branch; each keeps its own watermarks there under
/// its `id`, so a watcher whose state.json is lost finds its own entry again.
public struct WatcherIdentity: Sendable, Hashable, Codable {
    /// Stable id: the `watcher_id` setting, else `<host>-<8 hex>` derived from the driver and target, or
    /// `cluster-<8 hex>` from the node names for every watcher of one Proxmox cluster.
    public var id: String
    /// The machine's host name (for people).
    public var host: String

    /// Creates an identity.
    public init(id: String, host: String) {
        self.id = id
        self.host = host
    }

    /// The identity of `settings` on this machine: the explicit `watcher_id`, else the host name plus
    /// a short hash of the driver and the absolute target root, so two local watchers with different
    /// state folders on one machine never share watermarks, and a restart finds the same id.
    public static func derive(from settings: WatcherSettings, host: String = ProcessInfo.processInfo.hostName) -> WatcherIdentity {
        let shortHost = host.split(separator: ".").first.map(String.init) ?? host
        if let explicit = settings.watcherID, !explicit.isEmpty {
            return WatcherIdentity(id: explicit, host: shortHost)
        }
        if settings.driver == .proxmox, let cluster = settings.cluster {
            // One target, the cluster: every watcher of it shares one entry on the status branch, so
            // whichever holds the apply lease continues from what the others applied (ADR 0047).
            let names = cluster.nodes.map(\.name).sorted().joined(separator: ",")
            let hex = String(Artifact.sha256(Data("proxmox-cluster:\(names)".utf8)).prefix(8))
            return WatcherIdentity(id: "cluster-\(hex)", host: shortHost)
        }
        let target: String
        switch settings.driver {
        case .local: target = settings.resolvedTargetRoot.standardizedFileURL.path
        case .proxmox: target = "/"
        }
        let hex = String(Artifact.sha256(Data("\(settings.driver.rawValue):\(target)".utf8)).prefix(8))
        return WatcherIdentity(id: "\(shortHost)-\(hex)", host: shortHost)
    }
}
