import Foundation
import PhoenixCore
import PhoenixDrivers

/// Which VM runs the Portainer server stack and which run agents, from `portainer_role`.
enum PortainerPlan {
    /// Agent specs for the VMs with `portainer_role: agent`, in VM order, and the findings.
    static func agents(_ snapshot: ConfigSnapshot, settings: StageSettings) -> ([PortainerAgentSpec], [Diagnostic]) {
        let agentVMs = snapshot.vms.filter { !$0.isTemplate && $0.portainerRole?.lowercased() == "agent" }
        guard !agentVMs.isEmpty else { return ([], []) }
        var diagnostics: [Diagnostic] = []
        let hypervisor = snapshot.hypervisor
        let image = hypervisor.docker?.portainerAgentImage?.trimmingCharacters(in: .whitespaces) ?? ""
        if image.isEmpty || image.hasPrefix("-") || image.contains(where: \.isWhitespace) {
            diagnostics.append(
                OriginDiagnostic.error(
                    .invalidPortainerRole, hypervisor.docker?.origin ?? hypervisor.origin,
                    image.isEmpty
                        ? "VMs have portainer_role \"agent\" but docker.portainer_agent_image is not set"
                        : "docker.portainer_agent_image \(image.debugDescription) is not an image reference"))
        }
        let port = hypervisor.network?.portainerAgentPort ?? PortainerAgentSpec.agentPort
        if !(1...65_535).contains(port) {
            diagnostics.append(
                OriginDiagnostic.error(
                    .portOutOfRange, hypervisor.network?.origin ?? hypervisor.origin,
                    "network.portainer_agent_port \(port) is not a port"))
        }
        var specs: [PortainerAgentSpec] = []
        for vm in agentVMs {
            let hostname = vm.portainerAgentHostname?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !hostname.isEmpty, !hostname.hasPrefix("-"), !hostname.contains(where: \.isWhitespace) else {
                diagnostics.append(
                    OriginDiagnostic.error(
                        .invalidPortainerRole, vm.origin.appending("portainer_agent_hostname"),
                        "VM \(vm.vmid) has portainer_role \"agent\" but no valid portainer_agent_hostname"))
                continue
            }
            specs.append(
                PortainerAgentSpec(
                    vmid: vm.vmid, container: settings.portainerAgentContainer, image: image, hostname: hostname,
                    publishedPort: port, restart: "always",
                    volumes: [
                        "/var/run/docker.sock:/var/run/docker.sock", "/var/lib/docker/volumes:/var/lib/docker/volumes",
                    ]))
        }
        return (specs, diagnostics)
    }
}
