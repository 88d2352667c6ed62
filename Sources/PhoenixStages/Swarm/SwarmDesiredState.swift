import Foundation
import PhoenixCore
import PhoenixDrivers

/// The swarm the config asks for (the `desiredState` artifact `swarm/cluster`, JSON): nodes sorted by
/// name with role and labels, the overlay network, and the Portainer admin secret's source.
struct SwarmDesiredState: Sendable, Hashable, Codable {
    /// A swarm node (a VM).
    struct Node: Sendable, Hashable, Codable {
        /// Node hostname = VM `name`.
        var name: String
        /// VMID.
        var vmid: Int
        /// `manager` or `worker`.
        var role: String
        /// Labels, key → value (both ways reconciled).
        var labels: [String: String]
    }

    /// The manager: where every swarm command runs and what workers join.
    struct Manager: Sendable, Hashable, Codable {
        /// VMID.
        var vmid: Int
        /// Hostname.
        var name: String
        /// Advertise address (its `network_config.ip` without prefix).
        var address: String
    }

    /// The overlay network.
    struct Network: Sendable, Hashable, Codable {
        /// Name.
        var name: String
        /// Always `overlay`.
        var driver: String
        /// Always true (Traefik and standalone containers attach to it).
        var attachable: Bool
    }

    /// A swarm secret created from a file on the host when it is absent.
    struct Secret: Sendable, Hashable, Codable {
        /// Secret name.
        var name: String
        /// Host file holding the value (never the value itself).
        var sourceFile: String

        private enum CodingKeys: String, CodingKey {
            case name
            case sourceFile = "source_file"
        }
    }

    /// The manager.
    var manager: Manager
    /// Every node, sorted by name.
    var nodes: [Node]
    /// The overlay network.
    var network: Network
    /// Secrets, sorted by name.
    var secrets: [Secret]

    /// Builds the desired state, or the findings that prevent it. Returns nil and no error when no VM
    /// has a `swarm_role` (there is no swarm to manage).
    static func build(_ snapshot: ConfigSnapshot, settings: StageSettings) -> (SwarmDesiredState?, [Diagnostic]) {
        let topology = SwarmTopology(snapshot)
        var diagnostics = topology.diagnostics
        guard !topology.isEmpty else { return (nil, diagnostics) }
        let origin = topology.workers.first?.origin ?? ValueOrigin.synthetic
        let (managerVM, managerFindings) = topology.manager(for: "form the swarm", at: origin)
        diagnostics += managerFindings
        var nodes: [Node] = []
        var names: [String: Int] = [:]
        for (vm, role) in topology.managers.map({ ($0, "manager") }) + topology.workers.map({ ($0, "worker") }) {
            guard let name = vm.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                diagnostics.append(
                    OriginDiagnostic.error(
                        .invalidSwarmNode, vm.origin,
                        "VM \(vm.vmid) has swarm_role \(role) but no name; the name must equal the node's hostname"))
                continue
            }
            if let other = names[name.lowercased()] {
                diagnostics.append(
                    OriginDiagnostic.error(
                        .invalidSwarmNode, vm.origin.appending("name"),
                        "VMs \(other) and \(vm.vmid) are both named \(name); swarm nodes are found by hostname"))
                continue
            }
            names[name.lowercased()] = vm.vmid
            nodes.append(Node(name: name, vmid: vm.vmid, role: role, labels: labels(of: vm, &diagnostics)))
        }
        var manager: Manager?
        if let managerVM {
            if let address = managerVM.networkConfig?.address, let name = managerVM.name, !name.isEmpty {
                manager = Manager(vmid: managerVM.vmid, name: name, address: address)
            } else if managerVM.networkConfig?.address == nil {
                diagnostics.append(
                    OriginDiagnostic.error(
                        .invalidSwarmNode, managerVM.origin.appending("network_config"),
                        "swarm manager VM \(managerVM.vmid) needs a static network_config.ip to advertise and to be joined"))
            }
        }
        var secrets: [Secret] = []
        if let api = snapshot.hypervisor.json["portainer_api"] {
            if let file = api["admin_password_file"]?.stringValue, !file.isEmpty {
                let roots = PathRoots(host: settings.hostSecretRoots).host
                let inside = file.hasPrefix("/") && !file.split(separator: "/").contains { $0 == "." || $0 == ".." }
                    && roots.contains { PathRoots.contains($0, file) && $0 != file }
                if inside {
                    secrets.append(Secret(name: settings.portainerAdminSecret, sourceFile: file))
                } else if let origin = snapshot.hypervisor.portainerAPI?.origin {
                    diagnostics.append(
                        OriginDiagnostic.error(
                            .pathOutsideRoots, origin.appending("admin_password_file"),
                            "portainer_api.admin_password_file \(file.debugDescription) is outside the host secret folders of the settings "
                                + "(stages.hostSecretRoots: \(roots.joined(separator: ", "))); it is not read"))
                }
            } else if snapshot.hypervisor.portainerAPI?.hasLiteralAdminPassword == true,
                let origin = snapshot.hypervisor.portainerAPI?.origin
            {
                diagnostics.append(
                    OriginDiagnostic.warning(
                        .plaintextSecret, origin.appending("admin_password"),
                        "the literal portainer_api.admin_password is not used; put the password in a file on the host "
                            + "and name it in admin_password_file to have the swarm secret \(settings.portainerAdminSecret) created"))
            }
        }
        guard let manager, !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (
            SwarmDesiredState(
                manager: manager, nodes: nodes.sorted { $0.name < $1.name },
                network: Network(name: settings.overlayNetwork, driver: "overlay", attachable: true), secrets: secrets),
            diagnostics
        )
    }

    /// `node_labels` as a dictionary: `k=v` (a bare `k` means an empty value); a key given twice with
    /// different values is an error.
    private static func labels(of vm: VMConfig, _ diagnostics: inout [Diagnostic]) -> [String: String] {
        var labels: [String: String] = [:]
        for text in vm.nodeLabels {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let value = parts.count > 1 ? String(parts[1]) : ""
            guard !key.isEmpty, !key.hasPrefix("-"), !key.contains(where: \.isWhitespace) else {
                diagnostics.append(
                    OriginDiagnostic.error(
                        .invalidNodeLabel, vm.origin.appending("node_labels"),
                        "VM \(vm.vmid): node label \(text.debugDescription) is not key=value"))
                continue
            }
            if let existing = labels[key], existing != value {
                diagnostics.append(
                    OriginDiagnostic.error(
                        .invalidNodeLabel, vm.origin.appending("node_labels"),
                        "VM \(vm.vmid): node label \(key) is given twice (\(existing) and \(value))"))
                continue
            }
            labels[key] = value
        }
        return labels
    }
}
