/// Checks of a guest's NICs beyond their addresses: MAC addresses, names, the named address
/// interface, and DHCP NICs a published name depends on (docs/real-data.md).
enum NICChecks {
    static func run(_ guest: Guest, needsRecord: Bool, into findings: inout Findings) {
        var names: [String: GuestNetwork] = [:]
        var slots: [Int: GuestNetwork] = [:]
        for nic in guest.nics {
            if let hwaddr = nic.hwaddr, !isMAC(hwaddr) {
                findings.add(
                    .error, .invalidHWAddr, at: member(nic, "hwaddr"),
                    "hwaddr \"\(hwaddr)\" of \(guest.label) (\(nic.key)) is not a MAC address (six hex pairs, e.g. 02:00:00:00:01:01)")
            }
            if let name = nic.name {
                if let first = names[name] {
                    findings.add(
                        .error, .duplicateNICName, at: member(nic, "name"),
                        "\(guest.label) has two NICs named \(name) (\(first.key) and \(nic.key)); each interface needs its own name")
                } else {
                    names[name] = nic
                }
            }
            if let first = slots[nic.index] {
                findings.add(
                    .error, .duplicateNICName, at: nic.origin,
                    "\(guest.label): \(nic.key) and \(first.key) both describe \(nic.proxmoxName)")
            } else {
                slots[nic.index] = nic
            }
        }
        if let named = guest.addressInterface, !guest.nics.contains(where: { $0.isNamed(named) }) {
            findings.add(
                .error, .unknownInterface, at: guest.origin, key: "address_interface",
                "address_interface \"\(named)\" of \(guest.label) names none of its NICs (\(guest.nics.map(\.key).joined(separator: ", ")))")
        }
        // A published name of a guest without a fixed address can only be kept stable by a DHCP
        // reservation, which is keyed by the MAC address.
        if needsRecord, guest.primaryIP == nil, let nic = guest.nics.first(where: \.isDHCP), nic.hwaddr == nil {
            findings.add(
                .warning, .dhcpWithoutHWAddr, at: nic.origin,
                "\(guest.label) publishes a name but its only address comes from DHCP on \(nic.key) without a hwaddr; pin the MAC address (hwaddr) so a DHCP reservation can keep the address stable")
        }
    }

    /// Ids of the guests some record or route names: role holders and guests with a `traefik_service`.
    static func recordHolders(_ snapshot: ConfigSnapshot) -> Set<Int> {
        var ids = Set(GuestRole.allCases.compactMap { snapshot.role($0)?.id })
        for guest in snapshot.guests where guest.traefikService != nil && !guest.isTemplate { ids.insert(guest.id) }
        return ids
    }

    /// The origin of a NIC's member, or of the NIC itself for the string form.
    private static func member(_ nic: GuestNetwork, _ key: String) -> ValueOrigin {
        nic.json.objectValue == nil ? nic.origin : nic.origin.appending(key)
    }

    /// Six pairs of hex digits separated by `:` (or `-`).
    static func isMAC(_ text: String) -> Bool {
        let parts = text.split(separator: text.contains("-") ? "-" : ":", omittingEmptySubsequences: false)
        return parts.count == 6 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }
}
