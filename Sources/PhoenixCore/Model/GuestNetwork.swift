/// A guest NIC: LXC `network_config`/`secondary_network_config` or VM `network_config`.
public struct GuestNetwork: Sendable, Hashable {
    /// Interface name inside the guest (`eth0`).
    public var name: String?
    /// Host bridge (`vmbr0`).
    public var bridge: String?
    /// `"10.0.0.12/24"`, `"dhcp"` or `"manual"`.
    public var ip: String?
    /// Default gateway (`gw`).
    public var gateway: String?
    /// MAC address (`hwaddr`).
    public var hwaddr: String?
    /// Name servers (`nameservers` on LXCs, `nameserver` on VMs; a string or an array).
    public var nameservers: [String]
    /// Where the block is.
    public var origin: ValueOrigin
    /// The block's JSON.
    public var json: JSONValue

    /// Creates a NIC.
    public init(
        name: String? = nil, bridge: String? = nil, ip: String?, gateway: String? = nil, hwaddr: String? = nil,
        nameservers: [String] = [], origin: ValueOrigin = .synthetic, json: JSONValue = [:]
    ) {
        self.name = name
        self.bridge = bridge
        self.ip = ip
        self.gateway = gateway
        self.hwaddr = hwaddr
        self.nameservers = nameservers
        self.origin = origin
        self.json = json
    }

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        var servers = context.stringOrStrings(object, "nameservers", at: pointer)
        if servers.isEmpty { servers = context.stringOrStrings(object, "nameserver", at: pointer) }
        self.init(
            name: context.string(object, "name", at: pointer),
            bridge: context.string(object, "bridge", at: pointer),
            ip: context.string(object, "ip", at: pointer),
            gateway: context.string(object, "gw", at: pointer),
            hwaddr: context.string(object, "hwaddr", at: pointer),
            nameservers: servers, origin: context.origin(pointer, location), json: value)
    }

    /// Whether the address comes from DHCP (no fixed address to publish).
    public var isDHCP: Bool { ip?.lowercased() == "dhcp" }

    /// The parsed `ip` when it is a CIDR (`10.0.0.12/24`) or a bare address; `nil` for dhcp/manual/invalid.
    public var interface: IPInterface? { ip.flatMap(IPInterface.init(parsing:)) }

    /// The bare address (`10.0.0.12`), or `nil` for dhcp/manual/invalid.
    public var address: String? { interface?.address.description }
}
