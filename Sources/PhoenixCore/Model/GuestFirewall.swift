/// A guest's `firewall` block: `{enabled, rules[]}`.
public struct GuestFirewall: Sendable, Hashable {
    /// Whether the firewall is on for this guest (also the NIC `firewall=1` flag at create time).
    public var enabled: Bool?
    /// The rules, in order.
    public var rules: [FirewallRule]
    /// Where the block is.
    public var origin: ValueOrigin
    /// The block's JSON.
    public var json: JSONValue

    /// Creates a block.
    public init(enabled: Bool?, rules: [FirewallRule], origin: ValueOrigin = .synthetic, json: JSONValue = [:]) {
        self.enabled = enabled
        self.rules = rules
        self.origin = origin
        self.json = json
    }

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        self.init(
            enabled: context.bool(object, "enabled", at: pointer),
            rules: FirewallRule.list(context.elements(object, "rules", at: pointer), context: context),
            origin: context.origin(pointer, location), json: value)
    }
}
