/// One LXC container from `phoenix_lxc_configs.json` (`lxc_configs.<CTID>`).
///
/// Known keys are typed; every key (known or not) stays in `json`.
public struct LXCConfig: Sendable, Hashable {
    /// The CTID exactly as the object key is written (`"101"`).
    public var ctid: String
    /// The CTID as a number.
    public var id: Int
    /// Container hostname; `Nginx-Phoenix`, `Traefik-Internal`, `Step-CA` are legacy role names.
    public var name: String?
    /// Primary NIC.
    public var networkConfig: GuestNetwork?
    /// Second NIC (the gateway's).
    public var secondaryNetworkConfig: GuestNetwork?
    /// Every NIC (`network_config`, `secondary_network_config`, `net0`..`netN`), in slot order.
    public var networks: [GuestNetwork]
    /// The NIC whose address is "the guest's address" when the first fixed one is not (`address_interface`:
    /// a NIC name, key or `netN`).
    public var addressInterface: String?
    /// MAC address of the primary NIC.
    public var macAddress: String?
    /// Firewall block.
    public var firewall: GuestFirewall?
    /// Traefik publication.
    public var traefikService: TraefikService?
    /// `public_interface.enabled` (read by the firewall stage; absent in the corpus).
    public var publicInterfaceEnabled: Bool?
    /// Guest ids this container depends on (strings; may name LXCs or VMs).
    public var dependencies: [String]
    /// `none`, `infrastructure`, `agent`, ...
    public var portainerRole: String?
    /// Whether this is a template (not a running guest).
    public var isTemplate: Bool
    /// Feature scripts applied at create time.
    public var features: [String]
    /// Bind mounts.
    public var mountPoints: [MountPoint]
    /// Template CTID this one is cloned from (a string in the data).
    public var cloneFromCTID: String?
    /// Start on host boot.
    public var startAtBoot: Bool?
    /// Where the entry is (pointer `/lxc_configs/<ctid>`, location of the key).
    public var origin: ValueOrigin
    /// The entry's whole JSON object.
    public var json: JSONValue

    init?(ctid: String, value: JSONValue, pointer: JSONPointer, keyLocation: SourceLocation, context: ModelContext) {
        guard let id = Int(ctid), id > 0, ctid.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            context.report(
                .error, .invalidGuestID, at: pointer, keyLocation,
                "LXC key \"\(ctid)\" is not a CTID; keys of lxc_configs must be positive integers written as strings")
            return nil
        }
        guard let object = context.object(value, at: pointer, expected: "an LXC object") else { return nil }
        self.ctid = ctid
        self.id = id
        name = context.string(object, "name", at: pointer)
        networks = GuestNICs.read(object, at: pointer, context: context)
        networkConfig = networks.first { $0.key == "network_config" }
        secondaryNetworkConfig = networks.first { $0.key == "secondary_network_config" }
        addressInterface = context.string(object, "address_interface", at: pointer)
        macAddress = context.string(object, "mac_address", at: pointer)
        firewall = context.child(object, "firewall", at: pointer).flatMap {
            GuestFirewall($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        traefikService = context.child(object, "traefik_service", at: pointer).flatMap {
            TraefikService($0.0, pointer: $0.1, location: $0.2, context: context)
        }
        publicInterfaceEnabled = context.child(object, "public_interface", at: pointer).flatMap { child in
            child.0.objectValue.flatMap { context.bool($0, "enabled", at: child.1) }
        }
        dependencies = context.strings(object, "dependencies", at: pointer)
        portainerRole = context.string(object, "portainer_role", at: pointer)
        isTemplate = context.bool(object, "is_template", at: pointer) ?? false
        features = context.strings(object, "features", at: pointer)
        mountPoints = context.elements(object, "mount_points", at: pointer).compactMap {
            MountPoint($0.0, pointer: $0.1, context: context)
        }
        cloneFromCTID = context.stringOrNumber(object, "clone_from_ctid", at: pointer)
        startAtBoot = context.bool(object, "start_at_boot", at: pointer)
        origin = context.origin(pointer, keyLocation)
        json = value
    }
}
