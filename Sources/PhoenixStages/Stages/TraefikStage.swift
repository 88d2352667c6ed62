import Foundation
import PhoenixCore
import PhoenixDrivers
import Yams

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
        ]
            + InputRule.guestAddresses(.lxc, "/lxc_configs/*", "backend addresses; DHCP guests are not routed")
            + [
            .json(.lxc, "/lxc_configs/*/traefik_service/**", "route name, port and scheme"),
            .json(.vm, "/vms/*/vmid", "roles may name a VM by id"),
            .json(.vm, "/vms/*/name", "agent route name when portainer_environment_name is absent"),
        ]
            + InputRule.guestAddresses(.vm, "/vms/*", "backend addresses; DHCP guests are not routed")
            + [
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
            if let assignment = snapshot.hypervisor.roles[.traefik] {
                // An explicit role naming no guest is a contradiction in the data, not a guest to come.
                render.diagnostics.append(
                    RenderFinding.make(
                        .error, .stageMissingInput, file: .hypervisor, pointer: assignment.origin.pointer, in: snapshot,
                        "traefik: roles.traefik names \(assignment.guestID), which is no guest, so there is nowhere to put the dynamic configuration"))
                return render
            }
            return .inapplicable(
                id, "no guest holds the traefik role yet (set roles.traefik, or name an LXC \"\(GuestRole.traefik.legacyName)\"); the dynamic configuration has nowhere to go")
        }
        if snapshot.hypervisor.domainName == nil {
            // A platform under construction (2025-10-15 had none yet); a domain that is present but
            // invalid stays an error below.
            return .inapplicable(id, "domain_name is not set yet; every route host is under it")
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
        let yaml: String
        do {
            yaml = try YAMLDocument.render(
                document(plan.routes, rootCA: settings.traefikRootCA), comments: [ManagedHeader.line(id)])
        } catch {
            // libyaml refuses only a malformed event stream, which `document` never builds; an error
            // finding all the same, never a crash and never a half-written file.
            render.diagnostics.append(
                Diagnostic(
                    severity: .error, code: .stageMissingInput, file: nil,
                    message: "traefik: the dynamic configuration could not be written as YAML: \(error)"))
            return render
        }
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
    func document(_ routes: [TraefikRoute], rootCA: String) -> Node {
        let routers: [(String, Node)] = routes.map { route in
            (
                route.routerName,
                YAMLDocument.map([
                    ("rule", YAMLDocument.string("Host(`\(route.host)`)")),
                    ("service", YAMLDocument.string(route.serviceName)),
                    ("entryPoints", YAMLDocument.list([YAMLDocument.string(Self.entryPoint)])),
                ])
            )
        }
        let services: [(String, Node)] = routes.compactMap { route in
            guard let url = route.url else { return nil }
            var balancer: [(String, Node)] = [
                ("servers", YAMLDocument.list([YAMLDocument.map([("url", YAMLDocument.string(url))])])),
                ("passHostHeader", YAMLDocument.bool(true)),
            ]
            if route.usesTLS { balancer.append(("serversTransport", YAMLDocument.string(Self.serversTransport))) }
            return (route.serviceName, YAMLDocument.map([("loadBalancer", YAMLDocument.map(balancer))]))
        }
        return YAMLDocument.map([
            (
                "http",
                YAMLDocument.map([
                    ("routers", YAMLDocument.map(routers)),
                    ("services", YAMLDocument.map(services)),
                    (
                        "serversTransports",
                        YAMLDocument.map([
                            (
                                Self.serversTransport,
                                YAMLDocument.map([
                                    ("insecureSkipVerify", YAMLDocument.bool(false)),
                                    ("rootCAs", YAMLDocument.list([YAMLDocument.string(rootCA)])),
                                ])
                            )
                        ])
                    ),
                ])
            ),
            (
                "tls",
                YAMLDocument.map([
                    (
                        "options",
                        YAMLDocument.map([
                            (
                                Self.meshTLSOption,
                                YAMLDocument.map([
                                    (
                                        "clientAuth",
                                        YAMLDocument.map([
                                            ("caFiles", YAMLDocument.list([YAMLDocument.string(rootCA)])),
                                            ("clientAuthType", YAMLDocument.string("RequireAndVerifyClientCert")),
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
