import Foundation
import PhoenixDrivers
import PhoenixPlanner
import PhoenixStages

/// The `cluster` object of the settings file: how the `proxmox` driver reaches the other nodes of a
/// Proxmox cluster (docs/operations.md "Proxmox clusters", docs/adr/0035-guest-routing-in-a-cluster.md).
/// Absent: a single host, exactly as before (no `pvesh`, no SSH).
public struct ClusterSettings: Sendable, Hashable, Codable, StagePlacement {
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

        /// A node.
        public init(name: String, address: String, port: UInt16? = nil, user: String? = nil) {
            self.name = name
            self.address = address
            self.port = port
            self.user = user
        }
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
    /// The nodes each host-level stage runs on, by stage id: `"all"` or a list of node names
    /// (`{"dns": "all", "trusted-ca": ["pve1", "pve2"]}`). A stage not named runs on the node the watcher
    /// runs on (off-host: the watcher's own machine); the firewall writes `/etc/pve` once, whatever
    /// this says (docs/adr/0047-host-stages-on-cluster-nodes.md).
    public var stageNodes: [String: HostSelection] = [:]
    /// How often a run refreshes the cluster-wide apply lease, in seconds (pmxcfs expires it after 120).
    public var leaseRefreshSeconds: Double = 40

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case nodes
        case localNode = "local_node", offHost = "off_host", knownHostsFile = "known_hosts_file"
        case identityFile = "identity_file", connectionReuse = "connection_reuse"
        case connectTimeoutSeconds = "connect_timeout_seconds", stageNodes = "stage_nodes"
        case leaseRefreshSeconds = "lease_refresh_seconds"
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
        leaseRefreshSeconds = try c.decodeIfPresent(Double.self, forKey: .leaseRefreshSeconds) ?? d.leaseRefreshSeconds
        guard leaseRefreshSeconds > 0, leaseRefreshSeconds <= 60 else {
            throw DecodingError.dataCorruptedError(
                forKey: .leaseRefreshSeconds, in: c,
                debugDescription: "must be more than 0 and at most 60 (half of pmxcfs's 120 s lock lifetime)")
        }
        guard !nodes.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .nodes, in: c, debugDescription: "must name at least one node")
        }
        let known = Set(nodes.map(\.name) + (localNode.map { [$0] } ?? []))
        let stages = Set(StageCatalogue.standard.stages.map(\.id.rawValue))
        for (stage, selection) in try c.decodeIfPresent([String: NodeChoice].self, forKey: .stageNodes) ?? [:] {
            guard stages.contains(stage) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .stageNodes, in: c, debugDescription: "\(stage) is not a stage (\(stages.sorted().joined(separator: ", ")))")
            }
            if case .nodes(let names) = selection.value, let unknown = names.first(where: { !known.contains($0) }) {
                throw DecodingError.dataCorruptedError(
                    forKey: .stageNodes, in: c,
                    debugDescription: "\(stage): node \"\(unknown)\" is not in nodes (\(known.sorted().joined(separator: ", ")))")
            }
            stageNodes[stage] = selection.value
        }
        for (key, path) in [(CodingKeys.knownHostsFile, knownHostsFile), (.identityFile, identityFile)] where !path.hasPrefix("/") {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be an absolute path (got \"\(path)\")")
        }
    }

    /// Where `stage`'s host-level work runs, for plans and status: guests are routed to their nodes
    /// whatever this says.
    public func placement(of stage: any Stage) -> String {
        if stage.writesClusterFileSystem { return "the cluster file system (/etc/pve), once" }
        switch stageNodes[stage.id.rawValue] ?? .watcher {
        case .allNodes: return "every node (" + allNodeNames.joined(separator: ", ") + ")"
        case .nodes(let names): return (names.count == 1 ? "node " : "nodes ") + names.joined(separator: ", ")
        case .watcher, .clusterFileSystem: return offHost ? "the watcher's machine" : "node " + (localNode ?? "(this node)")
        }
    }

    /// Every node name, this node first.
    var allNodeNames: [String] {
        var names = nodes.map(\.name)
        if !offHost, let local = localNode, !names.contains(local) { names.insert(local, at: 0) }
        return names
    }

    /// Encodes the settings as they are read (`stage_nodes` as `"all"` or a list of names).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(localNode, forKey: .localNode)
        try c.encode(offHost, forKey: .offHost)
        try c.encode(nodes, forKey: .nodes)
        try c.encode(knownHostsFile, forKey: .knownHostsFile)
        try c.encode(identityFile, forKey: .identityFile)
        try c.encode(connectionReuse, forKey: .connectionReuse)
        try c.encode(connectTimeoutSeconds, forKey: .connectTimeoutSeconds)
        try c.encode(leaseRefreshSeconds, forKey: .leaseRefreshSeconds)
        if !stageNodes.isEmpty {
            var nested = c.nestedContainer(keyedBy: AnyKey.self, forKey: .stageNodes)
            for (stage, selection) in stageNodes {
                let key = AnyKey(stringValue: stage)
                switch selection {
                case .nodes(let names): try nested.encode(names, forKey: key)
                default: try nested.encode("all", forKey: key)
                }
            }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The driver's cluster settings; ControlMaster sockets live in `<state_dir>/ssh`.
    public func driverCluster(stateDirectory: URL) -> ProxmoxCluster {
        let local = offHost ? nil : (localNode ?? ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init))
        var cluster = ProxmoxCluster(
            localNode: local,
            nodes: nodes.map { ClusterNode(name: $0.name, address: $0.address, port: $0.port, user: $0.user ?? "root") },
            knownHostsFile: knownHostsFile, identityFile: identityFile,
            controlDirectory: connectionReuse ? stateDirectory.appendingPathComponent("ssh").path : nil,
            connectTimeoutSeconds: connectTimeoutSeconds)
        cluster.leaseRefresh = .milliseconds(Int64(leaseRefreshSeconds * 1000))
        return cluster
    }

    /// `"all"` or a list of node names.
    struct NodeChoice: Decodable {
        let value: HostSelection

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let word = try? single.decode(String.self) {
                guard word == "all" else {
                    throw DecodingError.dataCorruptedError(
                        in: single, debugDescription: "must be \"all\" or a list of node names (got \"\(word)\")")
                }
                value = .allNodes
            } else {
                let names = try single.decode([String].self)
                guard !names.isEmpty else {
                    throw DecodingError.dataCorruptedError(in: single, debugDescription: "must name at least one node")
                }
                value = .nodes(names)
            }
        }
    }
}
