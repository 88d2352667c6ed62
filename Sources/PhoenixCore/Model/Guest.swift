/// An LXC or a VM seen through what every stage needs: kind, id, name, address, publication, firewall.
///
/// One reference to an immutable storage, so the guest lists every check and stage walks copy nothing but
/// a pointer (issue #16 item 5: each guest used to copy its whole entry, about 2 kB, wherever it went).
public struct Guest: Sendable, Hashable, Identifiable {
    private let storage: Storage

    /// LXC or VM.
    public var kind: GuestKind { storage.fields.kind }
    /// CTID or VMID.
    public var id: Int { storage.fields.id }
    /// Hostname.
    public var name: String? { storage.fields.name }
    /// Every NIC, in slot order (`net0` first).
    public var nics: [GuestNetwork] { storage.fields.nics }
    /// The NIC the configuration names as the one carrying the guest's address (`address_interface`).
    public var addressInterface: String? { storage.fields.addressInterface }
    /// Traefik publication.
    public var traefikService: TraefikService? { storage.fields.traefikService }
    /// Firewall block.
    public var firewall: GuestFirewall? { storage.fields.firewall }
    /// Whether this is a template.
    public var isTemplate: Bool { storage.fields.isTemplate }
    /// Where the guest's entry is.
    public var origin: ValueOrigin { storage.fields.origin }
    /// The LXC entry, when `kind == .lxc`.
    public var lxc: LXCConfig? { storage.fields.lxc }
    /// The VM entry, when `kind == .vm`.
    public var vm: VMConfig? { storage.fields.vm }

    /// A view of an LXC.
    public init(_ lxc: LXCConfig) {
        storage = Storage(
            Fields(
                kind: .lxc, id: lxc.id, name: lxc.name, nics: lxc.networks, addressInterface: lxc.addressInterface,
                traefikService: lxc.traefikService, firewall: lxc.firewall, isTemplate: lxc.isTemplate,
                origin: lxc.origin, lxc: lxc, vm: nil))
    }

    /// A view of a VM.
    public init(_ vm: VMConfig) {
        storage = Storage(
            Fields(
                kind: .vm, id: vm.vmid, name: vm.name, nics: vm.networks, addressInterface: vm.addressInterface,
                traefikService: vm.traefikService, firewall: vm.firewall, isTemplate: vm.isTemplate,
                origin: vm.origin, lxc: nil, vm: vm))
    }

    /// Equal when every field is (the same storage is, at once).
    public static func == (lhs: Guest, rhs: Guest) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Hashes every field, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

    /// The NIC that carries "the guest's address" (docs/real-data.md, ADR 0010): the NIC named by
    /// `interface` (a setting) or else by the guest's `address_interface`, whatever its address; when
    /// neither names one, the first NIC (in slot order) with a fixed address. Every stage asks this.
    public func addressNIC(interface: String? = nil) -> GuestNetwork? {
        if let named = interface ?? addressInterface { return nics.first { $0.isNamed(named) } }
        return nics.first { $0.address != nil }
    }

    /// The guest's address without prefix under the rule of `addressNIC(interface:)`; nil when that
    /// NIC is DHCP, manual, invalid or absent.
    public func address(interface: String? = nil) -> String? { addressNIC(interface: interface)?.address }

    /// The NIC messages talk about: the address NIC, else the first NIC.
    public var network: GuestNetwork? { addressNIC() ?? nics.first }

    /// The guest's address without prefix (`10.0.0.12`); `nil` when no NIC has a fixed address.
    public var primaryIP: String? { address() }

    /// Whether the guest has no fixed address and its NIC takes one from DHCP.
    public var usesDHCP: Bool { primaryIP == nil && (network?.isDHCP ?? false) }

    /// Guest ids this guest depends on.
    public var dependencies: [String] { lxc?.dependencies ?? vm?.dependencies ?? [] }

    /// `LXC 101 "Nginx-Phoenix"` / `VM 1001 "Portainer"`, for messages.
    public var label: String {
        let kindText = kind == .lxc ? "LXC" : "VM"
        return name.map { "\(kindText) \(id) \"\($0)\"" } ?? "\(kindText) \(id)"
    }
}
