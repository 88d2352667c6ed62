/// How the Proxmox driver reaches a cluster (docs/adr/0035-guest-routing-in-a-cluster.md).
///
/// Without it (`ProxmoxDriver.Options.cluster == nil`) the driver is the single-host driver it always
/// was: `pct`/`qm` run locally and `pvesh` is never called.
public struct ProxmoxCluster: Sendable, Hashable {
    /// The node the watcher runs on (its tools run locally, without SSH). nil: off-host mode, every
    /// node is reached over SSH (the watcher runs in a small guest or on any Linux machine).
    public var localNode: String?
    /// Every node the driver may reach over SSH. The local node need not be listed.
    public var nodes: [ClusterNode]
    /// The pinned known-hosts file (`UserKnownHostsFile`, `StrictHostKeyChecking yes`): an unknown or
    /// changed host key refuses the connection.
    public var knownHostsFile: String
    /// The private key (`IdentityFile`, `IdentitiesOnly yes`).
    public var identityFile: String
    /// Folder for ControlMaster sockets (one master per node, reused by every call of a run); nil:
    /// one fresh connection per call.
    public var controlDirectory: String?
    /// How long a master connection outlives its last use (`ControlPersist`).
    public var controlPersistSeconds: Int
    /// `ConnectTimeout`: how long a down node may keep a stage waiting before it counts as unreachable.
    public var connectTimeoutSeconds: Int
    /// The `ssh` client.
    public var ssh: String
    /// A resource list older than this is read again even when no new run was announced.
    public var placementMaxAge: Duration
    /// Whether runs hold the cluster-wide apply lease (pmxcfs lock; on by default, so two watchers in
    /// one cluster never apply at once).
    public var holdsLease = true
    /// How often a held lease is refreshed: a third of pmxcfs's 120 s lock lifetime.
    public var leaseRefresh: Duration = .seconds(40)

    /// Creates the cluster settings.
    public init(
        localNode: String?, nodes: [ClusterNode], knownHostsFile: String, identityFile: String,
        controlDirectory: String? = nil, controlPersistSeconds: Int = 60, connectTimeoutSeconds: Int = 5,
        ssh: String = "ssh", placementMaxAge: Duration = .seconds(30)
    ) {
        self.localNode = localNode
        self.nodes = nodes
        self.knownHostsFile = knownHostsFile
        self.identityFile = identityFile
        self.controlDirectory = controlDirectory
        self.controlPersistSeconds = controlPersistSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.ssh = ssh
        self.placementMaxAge = placementMaxAge
    }

    /// The node by name.
    public func node(named name: String) -> ClusterNode? {
        nodes.first { $0.name == name }
    }

    /// The `ssh` argv that runs `remote` (an argv, quoted with ``ShellQuote``) on `node`.
    public func sshArgv(_ remote: [String], on node: ClusterNode) -> [String] {
        var argv = [
            ssh, "-T",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=\(knownHostsFile)",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "IdentitiesOnly=yes",
            "-o", "IdentityFile=\(identityFile)",
            "-o", "ConnectTimeout=\(connectTimeoutSeconds)",
            "-o", "LogLevel=ERROR",
        ]
        if let controlDirectory {
            argv += [
                "-o", "ControlMaster=auto",
                "-o", "ControlPath=\(controlDirectory)/%C",
                "-o", "ControlPersist=\(controlPersistSeconds)",
            ]
        } else {
            argv += ["-o", "ControlMaster=no", "-o", "ControlPath=none"]
        }
        if let port = node.port { argv += ["-p", String(port)] }
        argv += ["-l", node.user, node.address, "--", ShellQuote.command(remote)]
        return argv
    }
}
