/// The hypervisor's `firewall` block (cluster-wide policy and rules).
public struct GlobalFirewall: Sendable, Hashable {
    /// `firewall.enabled`; ignored by `phoenix sync` (reported as an ignored key).
    public var enabled: Bool?
    /// `ACCEPT`/`DROP`/`REJECT` for incoming traffic.
    public var defaultInputPolicy: String?
    /// `ACCEPT`/`DROP`/`REJECT` for outgoing traffic.
    public var defaultOutputPolicy: String?
    /// Cluster rules, in order.
    public var globalFirewallRules: [FirewallRule]
    /// Where it is.
    public var origin: ValueOrigin
    /// The block's JSON.
    public var json: JSONValue

    init?(_ value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = value.objectValue else { return nil }
        enabled = context.bool(object, "enabled", at: pointer)
        defaultInputPolicy = context.string(object, "default_input_policy", at: pointer)
        defaultOutputPolicy = context.string(object, "default_output_policy", at: pointer)
        globalFirewallRules = FirewallRule.list(
            context.elements(object, "global_firewall_rules", at: pointer), context: context)
        origin = context.origin(pointer, location)
        json = value
    }
}
