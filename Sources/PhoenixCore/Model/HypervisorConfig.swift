/// `phoenix_hypervisor_config.json`: global settings. Known blocks are typed; everything stays in `json`.
public struct HypervisorConfig: Sendable, Hashable {
    /// Internal DNS domain (`internal.thinkheads.ai`).
    public var domainName: String?
    /// `network` block.
    public var network: HostNetwork?
    /// `docker` block.
    public var docker: DockerSettings?
    /// `firewall` block (on old layouts found at `shared_volumes.firewall`).
    public var firewall: GlobalFirewall?
    /// `portainer_api` block.
    public var portainerAPI: PortainerAPISettings?
    /// `dns_server` block.
    public var dnsServer: DNSServerSettings?
    /// `step_ca` block.
    public var stepCA: StepCASettings?
    /// Explicit role assignments from `roles` (empty when absent).
    public var roles: [GuestRole: RoleAssignment]
    /// The document root.
    public var origin: ValueOrigin
    /// The whole document.
    public var json: JSONValue

    init?(_ value: JSONValue, context: ModelContext) {
        let pointer = JSONPointer.root
        guard let object = context.object(value, at: pointer, expected: "an object (the hypervisor settings)") else {
            return nil
        }
        domainName = context.string(object, "domain_name", at: pointer)
        network = context.child(object, "network", at: pointer).flatMap {
            HostNetwork($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        docker = context.child(object, "docker", at: pointer).flatMap {
            DockerSettings($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        var firewallBlock = context.child(object, "firewall", at: pointer)
        if firewallBlock == nil, let shared = context.member(object, "shared_volumes")?.value.objectValue,
            let legacy = shared.member("firewall"), legacy.value.objectValue != nil
        {
            firewallBlock = (legacy.value, JSONPointer(tokens: ["shared_volumes", "firewall"]), legacy.keyLocation)
        }
        firewall = firewallBlock.flatMap { GlobalFirewall($0.0, pointer: $0.1, location: $0.2, context: context) }
        portainerAPI = context.child(object, "portainer_api", at: pointer).flatMap {
            PortainerAPISettings($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        dnsServer = context.child(object, "dns_server", at: pointer).flatMap {
            DNSServerSettings($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        stepCA = context.child(object, "step_ca", at: pointer).flatMap {
            StepCASettings($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        roles = [:]
        if let (rolesValue, rolesPointer, _) = context.child(object, "roles", at: pointer), let rolesObject = rolesValue.objectValue {
            for role in GuestRole.allCases {
                guard let member = context.member(rolesObject, role.key) else { continue }
                if let id = context.flexibleInt(rolesObject, role.key, at: rolesPointer) {
                    roles[role] = RoleAssignment(
                        role: role, guestID: id, origin: context.origin(rolesPointer.appending(role.key), member.keyLocation))
                }
            }
        }
        origin = context.origin(pointer, value.location)
        json = value
    }
}
