/// One Proxmox VE firewall rule as written in the config (global, LXC or VM rule lists).
public struct FirewallRule: Sendable, Hashable {
    /// `in`, `out` (or `group`).
    public var type: String?
    /// `ACCEPT`, `DROP`, `REJECT` (or a security group name for `group`).
    public var action: String?
    /// `tcp`, `udp`, `icmp`, ...
    public var proto: String?
    /// Source address, CIDR or alias.
    public var source: String?
    /// Destination address, CIDR or alias.
    public var dest: String?
    /// Destination port(s): `"443"`, `"80,443"`, `"8000:8010"` (a number in the file is kept as its text).
    public var port: String?
    /// Source port(s), same syntax (`sport`).
    public var sourcePort: String?
    /// Interface (`iface`), e.g. `net0`.
    public var iface: String?
    /// Free text.
    public var comment: String?
    /// Where the rule is.
    public var origin: ValueOrigin
    /// The rule's whole JSON object (unknown keys included).
    public var json: JSONValue

    /// Creates a rule (for tests and renderers building rules in code).
    public init(
        type: String?, action: String?, proto: String? = nil, source: String? = nil, dest: String? = nil,
        port: String? = nil, sourcePort: String? = nil, iface: String? = nil, comment: String? = nil,
        origin: ValueOrigin = .synthetic, json: JSONValue = [:]
    ) {
        self.type = type
        self.action = action
        self.proto = proto
        self.source = source
        self.dest = dest
        self.port = port
        self.sourcePort = sourcePort
        self.iface = iface
        self.comment = comment
        self.origin = origin
        self.json = json
    }

    init?(_ value: JSONValue, pointer: JSONPointer, context: ModelContext) {
        guard let object = context.object(value, at: pointer, expected: "a firewall rule object") else { return nil }
        self.init(
            type: context.string(object, "type", at: pointer),
            action: context.string(object, "action", at: pointer),
            proto: context.string(object, "proto", at: pointer),
            source: context.string(object, "source", at: pointer),
            dest: context.string(object, "dest", at: pointer),
            port: context.stringOrNumber(object, "port", at: pointer),
            sourcePort: context.stringOrNumber(object, "sport", at: pointer),
            iface: context.string(object, "iface", at: pointer),
            comment: context.string(object, "comment", at: pointer),
            origin: context.origin(pointer, value.location), json: value)
    }

    /// What pve-firewall acts on (everything but the comment and the origin): two rules with equal
    /// keys behave the same.
    public var effectKey: [String?] {
        [type?.lowercased(), action?.uppercased(), proto?.lowercased(), source, dest, port, sourcePort, iface]
    }

    static func list(_ elements: [(JSONValue, JSONPointer)], context: ModelContext) -> [FirewallRule] {
        elements.compactMap { FirewallRule($0.0, pointer: $0.1, context: context) }
    }
}
