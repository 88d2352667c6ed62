import Foundation

/// One guest of `pvesh get /cluster/resources --type vm --output-format json`: where it runs.
///
/// pve-manager `PVE/API2Tools.pm` `extract_vm_stats` builds each entry: `vmid`, `node`, `type`
/// ("lxc" or "qemu") and `status`, which stays "unknown" when the owning node has sent no status
/// (it is offline).
public struct GuestPlacement: Sendable, Hashable {
    /// The guest.
    public var location: Location
    /// The node that owns it.
    public var node: String
    /// "running", "stopped", or "unknown" (its node is not reporting).
    public var status: String

    /// Creates a placement.
    public init(location: Location, node: String, status: String) {
        self.location = location
        self.node = node
        self.status = status
    }

    /// Parses the JSON array; entries that are not guests (or templates' odd types) are skipped.
    public static func parse(_ data: Data) throws -> [GuestPlacement] {
        guard let array = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw DriverError.unexpectedOutput(
                argv: ["pvesh", "get", "/cluster/resources"], location: .host, reason: "not a JSON array of objects")
        }
        return array.compactMap { entry in
            guard let node = entry["node"] as? String, let type = entry["type"] as? String else { return nil }
            let vmid: Int?
            if let number = entry["vmid"] as? Int { vmid = number }
            else if let text = entry["vmid"] as? String { vmid = Int(text) }
            else { vmid = nil }
            guard let vmid else { return nil }
            let location: Location
            switch type {
            case "lxc": location = .lxc(vmid)
            case "qemu": location = .vm(vmid)
            default: return nil
            }
            return GuestPlacement(location: location, node: node, status: entry["status"] as? String ?? "unknown")
        }
    }
}
