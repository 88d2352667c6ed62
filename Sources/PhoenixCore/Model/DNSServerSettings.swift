/// The hypervisor's `dns_server` block (dnsmasq on the host).
public struct DNSServerSettings: Sendable, Hashable {
    /// Whether the host runs dnsmasq.
    public var enabled: Bool?
    /// Upstream resolvers.
    public var upstreamServers: [String]
    /// Where it is.
    public var origin: ValueOrigin
    /// The block's JSON (`authoritative_zones`, ignored by sync, stays here).
    public var json: JSONValue

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        enabled = context.bool(object, "enabled", at: pointer)
        upstreamServers = context.strings(object, "upstream_servers", at: pointer)
        origin = context.origin(pointer, location)
        json = value
    }
}
