/// Reads every NIC of a guest entry: `network_config` (slot 0), `secondary_network_config` (slot 1)
/// and the general Proxmox keys `net0`..`netN`, in slot order (keys in file order within one slot).
enum GuestNICs {
    static func read(_ object: JSONObject, at pointer: JSONPointer, context: ModelContext) -> [GuestNetwork] {
        var nics: [GuestNetwork] = []
        for member in object.members where !member.value.isNull {
            let index: Int
            if member.key == "network_config" {
                index = 0
            } else if member.key == "secondary_network_config" {
                index = 1
            } else if let slot = GuestNetwork.slot(ofKey: member.key) {
                index = slot
            } else {
                continue
            }
            let childPointer = pointer.appending(member.key)
            guard member.value.objectValue != nil || (member.value.stringValue != nil && member.key.hasPrefix("net")) else {
                context.wrongType(member.value, at: childPointer, expected: "an object")
                continue
            }
            if let nic = GuestNetwork(
                member.value, key: member.key, index: index, pointer: childPointer, location: member.keyLocation,
                context: context)
            {
                nics.append(nic)
            }
        }
        return nics.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element)
    }
}
