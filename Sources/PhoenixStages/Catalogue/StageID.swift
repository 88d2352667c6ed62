/// The stable identifier of a stage (`dns`, `nginx-gateway`, ...). These names appear in plans, state,
/// status commits and metrics labels: add new ones, never rename.
public struct StageID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier as written (`stack-files`).
    public let rawValue: String

    /// An identifier from its text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// An identifier from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: StageID, rhs: StageID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Copies `stacks/` to the stacks share, per file.
    public static let stackFiles: StageID = "stack-files"
    /// Installs the Step-CA root into the host trust store.
    public static let trustedCA: StageID = "trusted-ca"
    /// dnsmasq configuration and records on the host.
    public static let dns: StageID = "dns"
    /// pve-firewall files.
    public static let firewall: StageID = "firewall"
    /// Certificate issue/renewal per manifest entry.
    public static let certificates: StageID = "certificates"
    /// Docker Swarm membership, node labels, overlay network.
    public static let swarm: StageID = "swarm"
    /// Portainer server stack and agents.
    public static let portainer: StageID = "portainer"
    /// Traefik dynamic configuration.
    public static let traefik: StageID = "traefik"
    /// NGINX gateway and stream configuration.
    public static let nginxGateway: StageID = "nginx-gateway"
    /// `docker stack deploy` of changed stacks.
    public static let stackDeploy: StageID = "stack-deploy"
}
