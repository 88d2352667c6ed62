/// Where each class of DNS record points. The classes are listed in precedence order (the first
/// class that names a host wins); the defaults are the rules `phoenix sync` used at the corpus commit
/// (reference §2.1b). See docs/stages/dns.md.
public struct DNSRecordTargets: Sendable, Hashable, Codable {
    /// 1. Hosts of stack Traefik labels (``Host(`…`)`` in `phoenix.json` and the stacks config).
    public var stackHosts: DNSTarget = .gateway
    /// 2–3. `traefik_service.name` of LXCs, then of VMs.
    public var traefikServices: DNSTarget = .gateway
    /// 4. The fixed names (`StageSettings.dnsFixedNames`).
    public var fixedNames: DNSTarget = .gateway
    /// 5a. Names of the guests holding a role (gateway, traefik, ca).
    public var roleGuestNames: DNSTarget = .own
    /// 5b. Names of the other LXCs.
    public var lxcNames: DNSTarget = .traefik
    /// 6. Names of the other VMs.
    public var vmNames: DNSTarget = .traefik
    /// 7. `portainer_agent_hostname` of VMs.
    public var agentHostnames: DNSTarget = .traefik

    /// The corpus-commit defaults.
    public init() {}
}
