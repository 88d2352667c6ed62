/// A key that `phoenix sync` ignored (reference §6 item 15) and no phoenix-gitops stage reads, so
/// changing it does nothing; validation warns when it holds a value.
public struct IgnoredKeyRule: Sendable, Hashable {
    /// The config file the rule applies to, or `nil` for stack `phoenix.json` manifests.
    public var file: ConfigFileKind?
    /// Pointer pattern; `*` matches any one key or index (`/lxc_configs/*/trigger_sync_on_completion`).
    public var pattern: String
    /// Why it is ignored.
    public var reason: String

    /// Creates a rule.
    public init(file: ConfigFileKind?, pattern: String, reason: String) {
        self.file = file
        self.pattern = pattern
        self.reason = reason
    }

    /// The list used by `ConfigValidator`. Absent on purpose: `step_ca.*` (the `trusted-ca` stage reads
    /// it), `firewall/enabled` (cluster.fw `enable:`), `traefik_service/scheme` (the Traefik backend URL) and
    /// certificates' `cert_type` (`client` picks the gateway's client certificate, stages/nginx-gateway.md).
    public static let all: [IgnoredKeyRule] = [
        IgnoredKeyRule(file: .hypervisor, pattern: "/dns_server/authoritative_zones", reason: "dnsmasq zones are derived from domain_name"),
        IgnoredKeyRule(file: .hypervisor, pattern: "/core_paths", reason: "paths come from the repository layout"),
        IgnoredKeyRule(file: .lxc, pattern: "/lxc_configs/*/trigger_sync_on_completion", reason: "it never fired (LetsGo read an undefined variable); a push is the trigger now"),
        IgnoredKeyRule(file: .vm, pattern: "/vms/*/trigger_sync_on_completion", reason: "it never fired (LetsGo read an undefined variable); a push is the trigger now"),
        IgnoredKeyRule(file: .stacksConfig, pattern: "/docker_stacks/*/environments/*/files", reason: "files are never copied into containers"),
        IgnoredKeyRule(file: nil, pattern: "/environments/*/firewall_rules", reason: "no firewall stage reads stack manifests; put rules on the VM"),
        IgnoredKeyRule(file: nil, pattern: "/environments/*/files", reason: "files are never copied into containers"),
    ]
}
