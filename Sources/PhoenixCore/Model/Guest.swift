/// An LXC or a VM seen through what every stage needs: kind, id, name, address, publication, firewall.
public struct Guest: Sendable, Hashable, Identifiable {
    /// LXC or VM.
    public var kind: GuestKind
    /// CTID or VMID.
    public var id: Int
    /// Hostname.
    public var name: String?
    /// Primary NIC.
    public var network: GuestNetwork?
    /// Traefik publication.
    public var traefikService: TraefikService?
    /// Firewall block.
    public var firewall: GuestFirewall?
    /// Whether this is a template.
    public var isTemplate: Bool
    /// Where the guest's entry is.
    public var origin: ValueOrigin
    /// The LXC entry, when `kind == .lxc`.
    public var lxc: LXCConfig?
    /// The VM entry, when `kind == .vm`.
    public var vm: VMConfig?

    /// A view of an LXC.
    public init(_ lxc: LXCConfig) {
        kind = .lxc
        id = lxc.id
        name = lxc.name
        network = lxc.networkConfig
        traefikService = lxc.traefikService
        firewall = lxc.firewall
        isTemplate = lxc.isTemplate
        origin = lxc.origin
        self.lxc = lxc
        vm = nil
    }

    /// A view of a VM.
    public init(_ vm: VMConfig) {
        kind = .vm
        id = vm.vmid
        name = vm.name
        network = vm.networkConfig
        traefikService = vm.traefikService
        firewall = vm.firewall
        isTemplate = vm.isTemplate
        origin = vm.origin
        lxc = nil
        self.vm = vm
    }

    /// The primary address without prefix (`10.0.0.12`); `nil` for DHCP, manual or an invalid address.
    public var primaryIP: String? { network?.address }

    /// Whether the primary NIC uses DHCP.
    public var usesDHCP: Bool { network?.isDHCP ?? false }

    /// Guest ids this guest depends on.
    public var dependencies: [String] { lxc?.dependencies ?? vm?.dependencies ?? [] }

    /// `LXC 101 "Nginx-Phoenix"` / `VM 1001 "Portainer"`, for messages.
    public var label: String {
        let kindText = kind == .lxc ? "LXC" : "VM"
        return name.map { "\(kindText) \(id) \"\($0)\"" } ?? "\(kindText) \(id)"
    }
}
