/// A platform role held by one guest. Stages find "the gateway", "the Traefik guest", "the CA" through
/// `ConfigSnapshot.role(_:)` instead of hard-coding ids 101/102/103.
public enum GuestRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// The NGINX gateway (`roles.gateway`; legacy name `Nginx-Phoenix`).
    case gateway
    /// The internal Traefik (`roles.traefik`; legacy name `Traefik-Internal`).
    case traefik
    /// The Step-CA (`roles.ca`; legacy name `Step-CA`).
    case ca

    /// The key under the hypervisor config's `roles` object.
    public var key: String { rawValue }

    /// The container name `phoenix sync` looked for (the fallback when `roles` does not name this role).
    public var legacyName: String {
        switch self {
        case .gateway: "Nginx-Phoenix"
        case .traefik: "Traefik-Internal"
        case .ca: "Step-CA"
        }
    }
}
