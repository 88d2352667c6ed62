/// The state of the `docker` stand-in (state/docker.json): one swarm shared by every location, so a
/// command run on the manager VM and one run on the host see the same nodes, networks and stacks.
public struct StandInDocker: Sendable, Hashable, Codable {
    /// A swarm node.
    public struct Node: Sendable, Hashable, Codable {
        /// Node id.
        public var id: String
        /// Hostname (what `docker node ls --filter name=` matches, as a substring).
        public var hostname: String
        /// "manager" or "worker".
        public var role: String
        /// "Ready" or "Down".
        public var status: String
        /// "Active", "Pause" or "Drain".
        public var availability: String
        /// "Leader", "Reachable" or "" for workers.
        public var managerStatus: String
        /// Node labels.
        public var labels: [String: String]
        /// Advertised address.
        public var address: String
        /// The location whose docker is this node ("vm 1001"), for `Self` and `swarm leave`.
        public var location: String?

        private enum CodingKeys: String, CodingKey {
            case id, hostname, role, status, availability, labels, address, location
            case managerStatus = "manager_status"
        }

        /// Creates a node.
        public init(
            id: String, hostname: String, role: String = "worker", status: String = "Ready",
            availability: String = "Active", managerStatus: String = "", labels: [String: String] = [:],
            address: String = "", location: String? = nil
        ) {
            self.id = id
            self.hostname = hostname
            self.role = role
            self.status = status
            self.availability = availability
            self.managerStatus = managerStatus
            self.labels = labels
            self.address = address
            self.location = location
        }
    }

    /// A network.
    public struct Network: Sendable, Hashable, Codable {
        /// Name.
        public var name: String
        /// Id.
        public var id: String
        /// "overlay", "bridge", ...
        public var driver: String
        /// "swarm" or "local".
        public var scope: String
        /// Created with `--attachable`.
        public var attachable: Bool

        /// Creates a network.
        public init(name: String, id: String, driver: String = "overlay", scope: String = "swarm", attachable: Bool = true) {
            self.name = name
            self.id = id
            self.driver = driver
            self.scope = scope
            self.attachable = attachable
        }
    }

    /// A deployed stack.
    public struct Stack: Sendable, Hashable, Codable {
        /// Stack name.
        public var name: String
        /// How many times `docker stack deploy` ran for it.
        public var deployCount: Int
        /// The compose files of the last deploy.
        public var composeFiles: [String]
        /// Whether the last deploy passed `--with-registry-auth`.
        public var withRegistryAuth: Bool
        /// Whether the last deploy passed `--prune`.
        public var prune: Bool

        private enum CodingKeys: String, CodingKey {
            case name, prune
            case deployCount = "deploy_count"
            case composeFiles = "compose_files"
            case withRegistryAuth = "with_registry_auth"
        }
    }

    /// A swarm secret: its size and SHA-256, never its value.
    public struct Secret: Sendable, Hashable, Codable {
        /// Name.
        public var name: String
        /// Id.
        public var id: String
        /// Size of the value.
        public var bytes: Int
        /// SHA-256 (hex) of the value.
        public var digest: String
    }

    /// `docker info` Swarm.LocalNodeState == "active".
    public var swarmActive: Bool = false
    /// `docker info` Swarm.ControlAvailable (this node is a manager).
    public var controlAvailable: Bool = false
    /// The manager's advertise address.
    public var managerAddress: String?
    /// Join tokens by role ("worker", "manager").
    public var joinTokens: [String: String] = [:]
    /// Nodes.
    public var nodes: [Node] = []
    /// Networks.
    public var networks: [Network] = []
    /// Stacks.
    public var stacks: [Stack] = []
    /// Secrets.
    public var secrets: [Secret] = []
    /// Services named in `docker service update`, in order.
    public var serviceUpdates: [String] = []
    /// Hostname per location ("vm 1002" → "worker-1") for nodes created by `swarm init`/`join`.
    public var hostnames: [String: String] = [:]

    private enum CodingKeys: String, CodingKey {
        case nodes, networks, stacks, secrets, hostnames
        case swarmActive = "swarm_active"
        case controlAvailable = "control_available"
        case managerAddress = "manager_address"
        case joinTokens = "join_tokens"
        case serviceUpdates = "service_updates"
    }

    /// An inactive engine with no swarm.
    public init() {}

    /// A swarm whose manager is `managerHostname`, reached at `location`, as after `docker swarm init`.
    public static func swarm(managerHostname: String, location: String, address: String) -> StandInDocker {
        var state = StandInDocker()
        state.swarmActive = true
        state.controlAvailable = true
        state.managerAddress = address
        state.joinTokens = ["worker": "SWMTKN-1-standin-worker", "manager": "SWMTKN-1-standin-manager"]
        state.nodes = [
            Node(
                id: "node-\(managerHostname)", hostname: managerHostname, role: "manager", managerStatus: "Leader",
                address: address, location: location)
        ]
        return state
    }

    /// The node with this hostname.
    public func node(named hostname: String) -> Node? {
        nodes.first { $0.hostname == hostname }
    }
}
