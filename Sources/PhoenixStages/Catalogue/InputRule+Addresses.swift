import PhoenixCore

extension InputRule {
    /// The rules of a stage that reads guests' addresses: every NIC's `ip`, the NIC names and
    /// `address_interface` that choose among them, and the general `net0`..`net7` slots
    /// (docs/real-data.md). `prefix` is `/lxc_configs/*` or `/vms/*`.
    static func guestAddresses(_ file: ConfigFileKind, _ prefix: String, _ reason: String) -> [InputRule] {
        var rules: [InputRule] = [
            .json(file, "\(prefix)/network_config/ip", reason),
            .json(file, "\(prefix)/secondary_network_config/ip", reason),
            .json(file, "\(prefix)/network_config/name", "a NIC's name can be the one address_interface names"),
            .json(file, "\(prefix)/secondary_network_config/name", "a NIC's name can be the one address_interface names"),
            .json(file, "\(prefix)/address_interface", "names the NIC that carries the guest's address"),
        ]
        for slot in 0..<8 { rules.append(.json(file, "\(prefix)/net\(slot)/**", reason)) }
        return rules
    }
}
