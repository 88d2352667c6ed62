import Foundation
import PhoenixCore
import PhoenixDrivers

/// The Traefik dynamic configuration in the Traefik guest: routers, services, the internal-CA
/// servers transport and the mesh mTLS option (reference §2.5), from the guests' `traefik_service`
/// and Portainer agent host names. See docs/stages/traefik.md.
///
/// Apply: write the file when it differs (Traefik's file provider watches it and hot-reloads; no
/// restart). A file written before into another guest (the Traefik role moved) is removed.
public struct TraefikStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .traefik }
    public var summary: String { "Traefik dynamic configuration (routes to guest services and agents) in the Traefik guest" }
    public var dependencies: [StageID] { [] }

    /// Traefik's dynamic configuration file inside its guest.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(guests: [settings.traefikDynamicConfig])
    }

    /// The servers transport for https backends (certificates signed by the internal CA).
    static let serversTransport = "internal-ca"
    /// The TLS option the static configuration puts on the mesh entry point.
    static let meshTLSOption = "mesh-mtls"
    /// The entry point the routers listen on.
    static let entryPoint = "mesh"

    public var inputs: [InputRule] {
        [
            .json(.hypervisor, "/domain_name", "route hosts are <name>.<domain>"),
            .json(.hypervisor, "/roles/**", "the Traefik guest receives the file"),
            .json(.hypervisor, "/network/portainer_agent_port", "agent backend port"),
            .json(.lxc, "/lxc_configs/*/name", "the legacy name Traefik-Internal picks the Traefik guest"),
            .json(.lxc, "/lxc_configs/*/network_config/ip", "backend addresses; DHCP guests are not routed"),
            .json(.lxc, "/lxc_configs/*/traefik_service/**", "route name, port and scheme"),
            .json(.vm, "/vms/*/vmid", "roles may name a VM by id"),
            .json(.vm, "/vms/*/name", "agent route name when portainer_environment_name is absent"),
            .json(.vm, "/vms/*/network_config/ip", "backend addresses; DHCP guests are not routed"),
            .json(.vm, "/vms/*/traefik_service/**", "route name, port and scheme"),
            .json(.vm, "/vms/*/portainer_agent_hostname", "agent route host"),
            .json(.vm, "/vms/*/portainer_environment_name", "agent route name"),
            .json(.stacksConfig, "/docker_stacks/*/environments/*/services/*/traefik_labels/**", "hosts routed by stack labels get no file route"),
            .stackPath("*/phoenix.json", "hosts routed by stack labels get no file route"),
        ]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        var render = Render(stage: id)
        guard let guest = snapshot.role(.traefik) else {
            let pointer = snapshot.hypervisor.roles[.traefik].map(\.origin.pointer) ?? JSONPointer(tokens: ["roles"])
            render.diagnostics.append(
                RenderFinding.make(
                    .error, .stageMissingInput, file: .hypervisor, pointer: pointer, in: snapshot,
                    "traefik: no guest holds the traefik role (set roles.traefik, or name an LXC \"\(GuestRole.traefik.legacyName)\"), so there is nowhere to put the dynamic configuration"))
            return render
        }
        guard let rawDomain = snapshot.hypervisor.domainName,
            HostnameRules.isValid(HostnameRules.normalizedDomain(rawDomain))
        else {
            render.diagnostics.append(
                RenderFinding.make(
                    .error, .stageMissingInput, file: .hypervisor, pointer: JSONPointer(tokens: ["domain_name"]),
                    in: snapshot, "traefik: domain_name is missing or not a valid domain; every route host is under it"))
            return render
        }
        let plan = TraefikRoutePlan(snapshot, settings: settings, domain: HostnameRules.normalizedDomain(rawDomain))
        render.diagnostics += plan.diagnostics
        let yaml = YAMLEmitter.emit(document(plan.routes, rootCA: settings.traefikRootCA), comments: [ManagedHeader.line(id)])
        let location: Location = guest.kind == .lxc ? .lxc(guest.id) : .vm(guest.id)
        render.artifacts.append(Artifact(stage: id, location: location, path: settings.traefikDynamicConfig, text: yaml))
        return render
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        try ArtifactSync.requireRenderable(render)
        for location in Set(render.artifacts.map(\.location)).sorted() where location != .host {
            let label = location.guestID.flatMap { context.snapshot.guest(id: $0)?.label } ?? "\(location)"
            try await GuestReadiness.require(location, label, stage: id, driver: context.driver)
        }
        return try await ArtifactSync.sync(render, context: context)
    }

    /// The dynamic configuration document.
    func document(_ routes: [TraefikRoute], rootCA: String) -> YAMLNode {
        let routers: [(String, YAMLNode)] = routes.map { route in
            (
                route.routerName,
                .map([
                    ("rule", .string("Host(`\(route.host)`)")),
                    ("service", .string(route.serviceName)),
                    ("entryPoints", .list([.string(Self.entryPoint)])),
                ])
            )
        }
        let services: [(String, YAMLNode)] = routes.compactMap { route in
            guard let url = route.url else { return nil }
            var balancer: [(String, YAMLNode)] = [
                ("servers", .list([.map([("url", .string(url))])])),
                ("passHostHeader", .bool(true)),
            ]
            if route.usesTLS { balancer.append(("serversTransport", .string(Self.serversTransport))) }
            return (route.serviceName, .map([("loadBalancer", .map(balancer))]))
        }
        return .map([
            (
                "http",
                .map([
                    ("routers", .map(routers)),
                    ("services", .map(services)),
                    (
                        "serversTransports",
                        .map([
                            (
                                Self.serversTransport,
                                .map([("insecureSkipVerify", .bool(false)), ("rootCAs", .list([.string(rootCA)]))])
                            )
                        ])
                    ),
                ])
            ),
            (
                "tls",
                .map([
                    (
                        "options",
                        .map([
                            (
                                Self.meshTLSOption,
                                .map([
                                    (
                                        "clientAuth",
                                        .map([
                                            ("caFiles", .list([.string(rootCA)])),
                                            ("clientAuthType", .string("RequireAndVerifyClientCert")),
                                        ])
                                    )
                                ])
                            )
                        ])
                    )
                ])
            ),
        ])
    }
}
