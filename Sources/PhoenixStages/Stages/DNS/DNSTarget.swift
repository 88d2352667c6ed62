/// The address a DNS record resolves to.
public enum DNSTarget: String, Sendable, Hashable, Codable, CaseIterable {
    /// The gateway guest's primary address (`roles.gateway`).
    case gateway
    /// The Traefik guest's primary address (`roles.traefik`).
    case traefik
    /// The address of the guest the name belongs to (meaningless for stack hosts and fixed names).
    case own
}
