import Foundation

/// A guest NIC: LXC `network_config`/`secondary_network_config`, VM `network_config`, or the general
/// Proxmox form `net0`..`netN` (an object, or the `pct`/`qm` string `name=eth0,bridge=vmbr0,ip=…`).
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
    /// VLAN tag (`tag` or `vlan`).
    public var vlan: Int?
    /// Name servers (`nameservers` on LXCs, `nameserver` on VMs; a string or an array).
    public var nameservers: [String]
    /// The key the NIC is written under (`network_config`, `secondary_network_config`, `net2`).
    public var key: String
    /// The Proxmox slot (`net<index>`): 0 for `network_config`, 1 for `secondary_network_config`, N for `netN`.
    public var index: Int
    /// Where the block is.
    public var origin: ValueOrigin
    /// The block's JSON (for the string form: the string).
    public var json: JSONValue

    /// Creates a NIC.
    public init(
        name: String? = nil, bridge: String? = nil, ip: String?, gateway: String? = nil, hwaddr: String? = nil,
        vlan: Int? = nil, nameservers: [String] = [], key: String = "network_config", index: Int = 0,
        origin: ValueOrigin = .synthetic, json: JSONValue = [:]
    ) {
        self.name = name
        self.bridge = bridge
        self.ip = ip
        self.gateway = gateway
        self.hwaddr = hwaddr
        self.vlan = vlan
        self.nameservers = nameservers
        self.key = key
        self.index = index
        self.origin = origin
        self.json = json
    }

    init?(
        _ value: JSONValue, key: String = "network_config", index: Int = 0, pointer: JSONPointer,
        location: SourceLocation, context: ModelContext
    ) {
        if let text = value.stringValue {
            self.init(proxmox: text, key: key, index: index, origin: context.origin(pointer, location), json: value)
            return
        }
        guard let object = value.objectValue else { return nil }
        var servers = context.stringOrStrings(object, "nameservers", at: pointer)
        if servers.isEmpty { servers = context.stringOrStrings(object, "nameserver", at: pointer) }
        let vlan = context.flexibleInt(object, "tag", at: pointer) ?? context.flexibleInt(object, "vlan", at: pointer)
        self.init(
            name: context.string(object, "name", at: pointer),
            bridge: context.string(object, "bridge", at: pointer),
            ip: context.string(object, "ip", at: pointer),
            gateway: context.string(object, "gw", at: pointer),
            hwaddr: context.string(object, "hwaddr", at: pointer) ?? context.string(object, "macaddr", at: pointer),
            vlan: vlan, nameservers: servers, key: key, index: index, origin: context.origin(pointer, location),
            json: value)
    }

    /// The Proxmox string form: `name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1,hwaddr=…,tag=20`
    /// (LXC) or `virtio=AA:BB:…,bridge=vmbr0,tag=20` (VM: the model key holds the MAC address).
    init(proxmox text: String, key: String, index: Int, origin: ValueOrigin, json: JSONValue) {
        var fields: [String: String] = [:]
        var mac: String?
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            fields[pair[0]] = pair[1]
            if ["virtio", "e1000", "rtl8139", "vmxnet3"].contains(pair[0]) { mac = pair[1] }
        }
        self.init(
            name: fields["name"], bridge: fields["bridge"], ip: fields["ip"], gateway: fields["gw"],
            hwaddr: fields["hwaddr"] ?? fields["macaddr"] ?? mac, vlan: fields["tag"].flatMap { Int($0) },
            key: key, index: index, origin: origin, json: json)
    }

    /// Whether the address comes from DHCP (no fixed address to publish).
    public var isDHCP: Bool { ip?.lowercased() == "dhcp" }

    /// The parsed `ip` when it is a CIDR (`10.0.0.12/24`) or a bare address; `nil` for dhcp/manual/invalid.
    public var interface: IPInterface? { ip.flatMap(IPInterface.init(parsing:)) }

    /// The bare address (`10.0.0.12`), or `nil` for dhcp/manual/invalid.
    public var address: String? { interface?.address.description }

    /// The interface as Proxmox names it in guest firewall rules and `pct`/`qm` options (`net1`).
    public var proxmoxName: String { "net\(index)" }

    /// Whether `text` names this NIC: its name inside the guest (`eth1`), its key
    /// (`secondary_network_config`) or its Proxmox slot (`net1`).
    public func isNamed(_ text: String) -> Bool {
        name == text || key == text || proxmoxName == text
    }

    /// The keys a NIC may be written under on a guest, besides `net0`..`netN`.
    public static let namedKeys = ["network_config", "secondary_network_config"]

    /// The slot of a `netN` key (`net3` → 3), or nil for any other key.
    public static func slot(ofKey key: String) -> Int? {
        guard key.hasPrefix("net"), key.count > 3, key.count <= 5 else { return nil }
        let digits = key.dropFirst(3)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }
}
