/// One route of the Traefik dynamic configuration: router `<name>-router` for ``Host(`host`)`` on
/// the mesh entry point, served by `<name>-service` (one backend URL) or by an internal service.
struct TraefikRoute: Sendable, Hashable {
    /// The route name (`notes`); router and service names derive from it.
    var name: String
    /// The host the router matches.
    var host: String
    /// The backend (`https://10.20.0.52:5000`), or nil for an internal service.
    var url: String?
    /// The internal service (`api@internal`) when `url` is nil.
    var internalService: String?

    /// `<name>-router`.
    var routerName: String { "\(name)-router" }
    /// `<name>-service`, or the internal service.
    var serviceName: String { internalService ?? "\(name)-service" }
    /// Whether the backend is reached over TLS (and so through the internal-CA servers transport).
    var usesTLS: Bool { url?.hasPrefix("https://") ?? false }
}
