/// The hypervisor's `network` block.
public struct HostNetwork: Sendable, Hashable {
    /// The host interface.
    public var interfaces: HostInterface?
    /// Portainer server address (dead in `phoenix sync`).
    public var portainerServerIP: String?
    /// Portainer server port.
    public var portainerServerPort: Int?
    /// Portainer agent port (`docker run -p`).
    public var portainerAgentPort: Int?
    /// NFS server address.
    public var nfsServer: String?
    /// Default guest subnet (CIDR).
    public var defaultSubnet: String?
    /// Where it is.
    public var origin: ValueOrigin
    /// The block's JSON (internal_bridge, vlan tags, ... stay here).
    public var json: JSONValue

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        interfaces = context.child(object, "interfaces", at: pointer).flatMap {
            HostInterface($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        portainerServerIP = context.string(object, "portainer_server_ip", at: pointer)
        portainerServerPort = context.int(object, "portainer_server_port", at: pointer)
        portainerAgentPort = context.int(object, "portainer_agent_port", at: pointer)
        nfsServer = context.string(object, "nfs_server", at: pointer)
        defaultSubnet = context.string(object, "default_subnet", at: pointer)
        origin = context.origin(pointer, location)
        json = value
    }
}
