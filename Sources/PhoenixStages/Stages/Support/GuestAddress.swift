import PhoenixCore

/// "The guest's address", the one rule every stage uses (DNS `own` records, the gateway's and
/// Traefik's addresses, Traefik backends, the NGINX upstream, the swarm advertise address): the NIC
/// named by the setting `guestAddressInterfaces`, else by the guest's `address_interface`, else the
/// first NIC with a fixed address (ADR 0010, docs/real-data.md).
enum GuestAddress {
    /// The address without prefix, or nil when the chosen NIC has none.
    static func of(_ guest: Guest, _ settings: StageSettings) -> String? {
        guest.address(interface: settings.guestAddressInterfaces[String(guest.id)])
    }

    /// The NIC the rule chooses (for messages and pointers), else the guest's first NIC.
    static func nic(_ guest: Guest, _ settings: StageSettings) -> GuestNetwork? {
        guest.addressNIC(interface: settings.guestAddressInterfaces[String(guest.id)]) ?? guest.nics.first
    }

    /// `ip "dhcp"` / `ip "none"` of the chosen NIC, for messages.
    static func describe(_ guest: Guest, _ settings: StageSettings) -> String {
        let nic = nic(guest, settings)
        let ip = nic?.ip ?? "none"
        return guest.nics.count > 1 ? "ip \"\(ip)\" on \(nic?.key ?? "no NIC")" : "ip \"\(ip)\""
    }
}
