import PhoenixDrivers

/// The swarm's desired state split into one `desiredState` artifact per item, besides the whole
/// `swarm/cluster`: the manager, the network, each secret, each node and each node label. Applied
/// artifacts keep only a key and a digest, so one artifact per item is what lets a driver that does
/// not observe guests derive "what changed since the last apply" from keys and digests alone (a label
/// added, removed or changed is a key added, removed or a digest changed).
///
/// Names and locations:
/// - `swarm/manager` at the manager VM (vmid, name, advertise address);
/// - `swarm/network/<name>` and `swarm/secret/<name>` at the manager VM;
/// - `swarm/node/<name>` at the node's VM (name, vmid, role; labels are not part of it);
/// - `swarm/node/<name>/label/<key>` at the node's VM (key and value).
enum SwarmItems {
    /// A node without its labels.
    struct NodeItem: Sendable, Hashable, Codable {
        /// Hostname.
        var name: String
        /// VMID.
        var vmid: Int
        /// `manager` or `worker`.
        var role: String
    }

    /// One node label.
    struct Label: Sendable, Hashable, Codable {
        /// Key.
        var key: String
        /// Value (empty for a bare key).
        var value: String
    }

    /// The manager's item name.
    static let managerName = "swarm/manager"

    /// The network's item name.
    static func networkName(_ name: String) -> String { "swarm/network/\(name)" }

    /// A secret's item name.
    static func secretName(_ name: String) -> String { "swarm/secret/\(name)" }

    /// A node's item name.
    static func nodeName(_ name: String) -> String { "swarm/node/\(name)" }

    /// The prefix of a node's label item names.
    static func labelPrefix(_ node: String) -> String { "swarm/node/\(node)/label/" }

    /// The item artifacts of `state`, in a fixed order: manager, network, secrets, then each node
    /// (sorted by name) followed by its labels (sorted by key).
    static func artifacts(_ state: SwarmDesiredState, stage: StageID) -> [Artifact] {
        let manager = Location.vm(state.manager.vmid)
        var artifacts = [
            DesiredStateCoding.artifact(state.manager, stage: stage, location: manager, name: managerName),
            DesiredStateCoding.artifact(state.network, stage: stage, location: manager, name: networkName(state.network.name)),
        ]
        artifacts += state.secrets.map {
            DesiredStateCoding.artifact($0, stage: stage, location: manager, name: secretName($0.name))
        }
        for node in state.nodes {
            let location = Location.vm(node.vmid)
            artifacts.append(
                DesiredStateCoding.artifact(
                    NodeItem(name: node.name, vmid: node.vmid, role: node.role), stage: stage, location: location,
                    name: nodeName(node.name)))
            artifacts += node.labels.sorted { $0.key < $1.key }.map {
                DesiredStateCoding.artifact(
                    Label(key: $0.key, value: $0.value), stage: stage, location: location,
                    name: labelPrefix(node.name) + $0.key)
            }
        }
        return artifacts
    }
}
