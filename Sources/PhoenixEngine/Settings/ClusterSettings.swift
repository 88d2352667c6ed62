import Foundation
import PhoenixDrivers

/// The `cluster` object of the settings file: how the `proxmox` driver reaches the other nodes of a
/// Proxmox cluster (docs/operations.md "Proxmox clusters", docs/adr/0035-guest-routing-in-a-cluster.md).
/// Absent: a single host, exactly as before (no `pvesh`, no SSH).
public struct ClusterSettings: Sendable, Hashable, Codable {
    /// One node.
    public struct Node: Sendable, Hashable, Codable {
        /// Proxmox node name (as in `pvesh get /cluster/resources`).
        public var name: String
        /// Address for SSH.
        public var address: String
        /// SSH port (default 22).
        public var port: UInt16?
        /// Login user (default root).
        public var user: String?
    }

    /// The node the watcher runs on (its guests need no SSH); default: this machine's host name, which
    /// is the Proxmox node name. Ignored when `offHost` is true.
    public var localNode: String?
    /// Reach every node over SSH (the watcher runs in a guest or on another machine).
    public var offHost = false
    /// Every node of the cluster.
    public var nodes: [Node] = []
    /// The pinned known-hosts file (required: an unknown host key is refused, never accepted).
    public var knownHostsFile: String = ""
    /// The SSH private key.
    public var identityFile: String = ""
    /// Reuse one SSH connection per node (ControlMaster) across a run; default true.
    public var connectionReuse = true
    /// SSH connect timeout in seconds (how long a down node holds a stage).
    public var connectTimeoutSeconds = 5

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case nodes
        case localNode = "local_node", offHost = "off_host", knownHostsFile = "known_hosts_file"
        case identityFile = "identity_file", connectionReuse = "connection_reuse"
        case connectTimeoutSeconds = "connect_timeout_seconds"
    }

    /// The setting names, for "unknown key" messages.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// Decodes; the key files and at least one node are required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ClusterSettings()
        localNode = try c.decodeIfPresent(String.self, forKey: .localNode)
        offHost = try c.decodeIfPresent(Bool.self, forKey: .offHost) ?? d.offHost
        nodes = try c.decode([Node].self, forKey: .nodes)
        knownHostsFile = try c.decode(String.self, forKey: .knownHostsFile)
        identityFile = try c.decode(String.self, forKey: .identityFile)
        connectionReuse = try c.decodeIfPresent(Bool.self, forKey: .connectionReuse) ?? d.connectionReuse
        connectTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .connectTimeoutSeconds) ?? d.connectTimeoutSeconds
        guard !nodes.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .nodes, in: c, debugDescription: "must name at least one node")
        }
        for (key, path) in [(CodingKeys.knownHostsFile, knownHostsFile), (.identityFile, identityFile)] where !path.hasPrefix("/") {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be an absolute path (got \"\(path)\")")
        }
    }

    /// The driver's cluster settings; ControlMaster sockets live in `<state_dir>/ssh`.
    public func driverCluster(stateDirectory: URL) -> ProxmoxCluster {
        let local = offHost ? nil : (localNode ?? ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init))
        return ProxmoxCluster(
            localNode: local,
            nodes: nodes.map { ClusterNode(name: $0.name, address: $0.address, port: $0.port, user: $0.user ?? "root") },
            knownHostsFile: knownHostsFile, identityFile: identityFile,
            controlDirectory: connectionReuse ? stateDirectory.appendingPathComponent("ssh").path : nil,
            connectTimeoutSeconds: connectTimeoutSeconds)
    }
}
