import Foundation

/// Where a file lives or a command runs: the Proxmox host itself, an LXC container or a VM.
///
/// The textual form ("host", "lxc 101", "vm 1001") is also the Codable form, so status files and
/// journals stay readable; decoding also accepts "lxc:101" and "lxc/101".
public enum Location: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The Proxmox host (or, for the local driver, the root folder standing for it).
    case host
    /// An LXC container by its CTID.
    case lxc(Int)
    /// A QEMU virtual machine by its VMID.
    case vm(Int)

    /// "host", "lxc 101" or "vm 1001".
    public var description: String {
        switch self {
        case .host: "host"
        case .lxc(let id): "lxc \(id)"
        case .vm(let id): "vm \(id)"
        }
    }

    /// The guest id, or nil for the host.
    public var guestID: Int? {
        switch self {
        case .host: nil
        case .lxc(let id), .vm(let id): id
        }
    }

    /// "host", "lxc" or "vm": the kind without the id.
    public var kind: String {
        switch self {
        case .host: "host"
        case .lxc: "lxc"
        case .vm: "vm"
        }
    }

    /// Parses "host", "lxc 101", "lxc:101", "lxc/101", "vm 1001" (and the same with ":" or "/").
    /// Returns nil for anything else, including ids that are not positive integers.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "host" {
            self = .host
            return
        }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "/" })
        guard parts.count == 2, let id = Int(parts[1]), id > 0, String(id) == parts[1] else { return nil }
        switch parts[0] {
        case "lxc": self = .lxc(id)
        case "vm": self = .vm(id)
        default: return nil
        }
    }

    /// Orders the host first, then containers, then VMs, each by id.
    public static func < (lhs: Location, rhs: Location) -> Bool {
        func rank(_ location: Location) -> (Int, Int) {
            switch location {
            case .host: (0, 0)
            case .lxc(let id): (1, id)
            case .vm(let id): (2, id)
            }
        }
        return rank(lhs) < rank(rhs)
    }

    /// Decodes the textual form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let location = Location(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a location (expected \"host\", \"lxc <id>\" or \"vm <id>\"): \(text)")
        }
        self = location
    }

    /// Encodes the textual form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
