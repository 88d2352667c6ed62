/// The hypervisor's own interface (`network.interfaces`): name, address (CIDR), gateway, resolvers.
public struct HostInterface: Sendable, Hashable {
    /// Bridge name (`vmbr0`).
    public var name: String?
    /// Host address with prefix (`10.0.0.13/24`).
    public var address: String?
    /// Default gateway.
    public var gateway: String?
    /// Resolvers of the host.
    public var dnsNameservers: [String]
    /// Where it is.
    public var origin: ValueOrigin

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        name = context.string(object, "name", at: pointer)
        address = context.string(object, "address", at: pointer)
        gateway = context.string(object, "gateway", at: pointer)
        dnsNameservers = context.stringOrStrings(object, "dns_nameservers", at: pointer)
        origin = context.origin(pointer, location)
    }

    /// The parsed `address`.
    public var interface: IPInterface? { address.flatMap(IPInterface.init(parsing:)) }
}
