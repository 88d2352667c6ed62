/// One VM from `phoenix_vm_configs.json` (`vms[]`, identified by integer `vmid`).
///
/// Known keys are typed; every key (known or not) stays in `json`.
public struct VMConfig: Sendable, Hashable {
    /// The VMID.
    public var vmid: Int
    /// Hostname (also the Swarm node name).
    public var name: String?
    /// Whether this is a template (not a running guest).
    public var isTemplate: Bool
    /// VMID of the template it is cloned from.
    public var cloneFromVMID: Int?
    /// Primary NIC (`ip`, `gw`, `nameserver`).
    public var networkConfig: GuestNetwork?
    /// Every NIC (`network_config`, `net0`..`netN`), in slot order.
    public var networks: [GuestNetwork]
    /// The NIC whose address is "the guest's address" when the first fixed one is not (`address_interface`).
    public var addressInterface: String?
    /// `manager` or `worker`.
    public var swarmRole: String?
    /// Swarm node labels, `"key=value"`.
    public var nodeLabels: [String]
    /// `primary` (runs Portainer) or `agent`.
    public var portainerRole: String?
    /// Hostname the Portainer agent is published under.
    public var portainerAgentHostname: String?
    /// Portainer environment (endpoint) name.
    public var portainerEnvironmentName: String?
    /// Names of the stacks (folders under `stacks/`) deployed on this VM.
    public var dockerStacks: [String]
    /// Traefik publication.
    public var traefikService: TraefikService?
    /// Firewall block.
    public var firewall: GuestFirewall?
    /// Volumes (NFS mounts).
    public var volumes: [VMVolume]
    /// Guest ids this VM depends on (strings).
    public var dependencies: [String]
    /// Feature scripts applied at create time.
    public var features: [String]
    /// Where the entry is (pointer `/vms/<index>`).
    public var origin: ValueOrigin
    /// The entry's whole JSON object.
    public var json: JSONValue

    init?(_ value: JSONValue, pointer: JSONPointer, context: ModelContext) {
        guard let object = context.object(value, at: pointer, expected: "a VM object") else { return nil }
        guard let vmidMember = context.member(object, "vmid") else {
            context.report(.error, .missingKey, at: pointer, value.location, "VM has no \"vmid\"; every VM needs an integer vmid")
            return nil
        }
        guard let vmid = vmidMember.value.intValue, vmid > 0 else {
            context.report(
                .error, .invalidGuestID, at: pointer.appending("vmid"), vmidMember.value.location,
                "\"vmid\" must be a positive integer, found \(vmidMember.value.typeName)")
            return nil
        }
        self.vmid = vmid
        name = context.string(object, "name", at: pointer)
        isTemplate = context.bool(object, "is_template", at: pointer) ?? false
        cloneFromVMID = context.flexibleInt(object, "clone_from_vmid", at: pointer)
        networks = GuestNICs.read(object, at: pointer, context: context)
        networkConfig = networks.first { $0.key == "network_config" }
        addressInterface = context.string(object, "address_interface", at: pointer)
        swarmRole = context.string(object, "swarm_role", at: pointer)
        nodeLabels = context.strings(object, "node_labels", at: pointer)
        portainerRole = context.string(object, "portainer_role", at: pointer)
        portainerAgentHostname = context.string(object, "portainer_agent_hostname", at: pointer)
        portainerEnvironmentName = context.string(object, "portainer_environment_name", at: pointer)
        // The stale schema modelled stacks as {name, environment}; accept that shape as well as strings.
        dockerStacks = context.elements(object, "docker_stacks", at: pointer).compactMap { element, elementPointer in
            if let name = element.stringValue ?? element["name"]?.stringValue { return name }
            context.wrongType(element, at: elementPointer, expected: "a stack name (string)")
            return nil
        }
        traefikService = context.child(object, "traefik_service", at: pointer).flatMap {
            TraefikService($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        firewall = context.child(object, "firewall", at: pointer).flatMap {
            GuestFirewall($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        volumes = context.elements(object, "volumes", at: pointer).compactMap {
            VMVolume($0.0, pointer: $0.1, context: context)
        }
        dependencies = context.strings(object, "dependencies", at: pointer)
        features = context.strings(object, "features", at: pointer)
        origin = context.origin(pointer, value.location)
        json = value
    }
}
