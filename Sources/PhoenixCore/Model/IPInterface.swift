/// An address with an optional prefix length, as in a NIC's `ip` (`10.0.0.12/24`) or a rule's CIDR.
public struct IPInterface: Sendable, Hashable, CustomStringConvertible {
    /// The address.
    public var address: IPAddress
    /// The prefix length, when written (`/24`).
    public var prefixLength: Int?

    /// Creates an interface.
    public init(address: IPAddress, prefixLength: Int?) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `a.b.c.d`, `a.b.c.d/n` (n ≤ 32) or an IPv6 form (n ≤ 128), or returns `nil`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parsing: String(parts[0])) else { return nil }
        var prefix: Int?
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), parts[1].count <= 3,
                let length = Int(parts[1]), length <= address.bitWidth
            else { return nil }
            prefix = length
        }
        self.init(address: address, prefixLength: prefix)
    }

    /// `address/prefix` or `address`.
    public var description: String {
        prefixLength.map { "\(address)/\($0)" } ?? address.description
    }
}
