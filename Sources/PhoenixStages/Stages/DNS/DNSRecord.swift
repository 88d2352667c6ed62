/// One `address=/<host>/<address>` line of the dnsmasq records file.
public struct DNSRecord: Sendable, Hashable, Comparable {
    /// Lower-case host name.
    public var host: String
    /// The address it resolves to.
    public var address: String
    /// Which rule produced it ("LXC 240 traefik_service"), for messages and tests.
    public var source: String

    /// Creates a record.
    public init(host: String, address: String, source: String) {
        self.host = host
        self.address = address
        self.source = source
    }

    /// The dnsmasq line.
    public var line: String { "address=/\(host)/\(address)" }

    /// Orders by host name (the file is sorted by host).
    public static func < (lhs: DNSRecord, rhs: DNSRecord) -> Bool {
        (lhs.host, lhs.address) < (rhs.host, rhs.address)
    }
}
