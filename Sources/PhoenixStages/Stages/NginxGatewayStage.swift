import Foundation
import PhoenixCore
import PhoenixDrivers

/// The NGINX gateway's site and stream configuration in the gateway guest, derived from the config:
/// the upstream is the Traefik guest's address (https :443, mesh :8443), server names come from the
/// domain, certificate paths from the certificate manifest. See docs/stages/nginx-gateway.md.
///
/// Apply: write the files that differ (and link the site into sites-enabled when it was written),
/// run `nginx -t` in the guest; when it fails, put the previous files back and fail; otherwise
/// `systemctl reload nginx`. Nothing runs when nothing differs.
public struct NginxGatewayStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .nginxGateway }
    public var summary: String { "NGINX gateway site and mesh stream config in the gateway guest; nginx -t, then reload" }
    public var dependencies: [StageID] { [.certificates] }

    /// The gateway's site, its enabled link and the stream configuration inside the gateway guest.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(guests: [settings.nginxSite, settings.nginxSiteEnabled, settings.nginxStream])
    }

    public var inputs: [InputRule] {
        [
            .json(.hypervisor, "/domain_name", "server names and the default Traefik certificate name"),
            .json(.hypervisor, "/roles/**", "the gateway guest receives the files; the Traefik guest is the upstream"),
            .json(.hypervisor, "/step_ca/root_ca_path", "the CA root, seen through the gateway's mounts, verifies mesh peers"),
            .json(.lxc, "/lxc_configs/*/name", "legacy role names pick the gateway and Traefik guests"),
            .json(.lxc, "/lxc_configs/*/network_config/ip", "the upstream is the Traefik guest's address"),
            .json(.lxc, "/lxc_configs/*/mount_points/**", "certificate host paths map to paths inside the gateway"),
            .json(.vm, "/vms/*/vmid", "roles may name a VM by id"),
            .json(.vm, "/vms/*/network_config/ip", "the upstream, when the Traefik role is a VM"),
            .json(.vm, "/vms/*/volumes/**", "certificate host paths map to paths inside a VM gateway"),
            .json(.certificates, "/**", "the gateway's server and client certificates and the Traefik certificate's name"),
        ]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        var render = Render(stage: id)
        guard let gateway = snapshot.role(.gateway) else {
            let pointer = snapshot.hypervisor.roles[.gateway].map(\.origin.pointer) ?? JSONPointer(tokens: ["roles"])
            render.diagnostics.append(
                RenderFinding.make(
                    .error, .stageMissingInput, file: .hypervisor, pointer: pointer, in: snapshot,
                    "nginx-gateway: no guest holds the gateway role (set roles.gateway, or name an LXC \"\(GuestRole.gateway.legacyName)\")"))
            return render
        }
        let traefik = RoleAddress(.traefik, snapshot)
        guard let upstream = traefik.address else {
            render.diagnostics.append(traefik.missingDiagnostic(stage: id, uses: "the gateway's upstream", in: snapshot))
            return render
        }
        guard let rawDomain = snapshot.hypervisor.domainName,
            HostnameRules.isValid(HostnameRules.normalizedDomain(rawDomain))
        else {
            render.diagnostics.append(
                RenderFinding.make(
                    .error, .stageMissingInput, file: .hypervisor, pointer: JSONPointer(tokens: ["domain_name"]),
                    in: snapshot, "nginx-gateway: domain_name is missing or not a valid domain; the server names are under it"))
            return render
        }
        let domain = HostnameRules.normalizedDomain(rawDomain)
        let certificates = GatewayCertificates(
            snapshot, settings: settings, gateway: gateway, traefik: traefik.guest, domain: domain)
        render.diagnostics += certificates.diagnostics
        let address = upstream.contains(":") ? "[\(upstream)]" : upstream  // IPv6 needs brackets before ":port"
        let location: Location = gateway.kind == .lxc ? .lxc(gateway.id) : .vm(gateway.id)
        render.artifacts.append(
            Artifact(
                stage: id, location: location, path: settings.nginxSite,
                text: GatewayConfigText.site(domain: domain, upstream: address, certificates: certificates)))
        render.artifacts.append(
            Artifact(
                stage: id, location: location, path: settings.nginxStream,
                text: GatewayConfigText.stream(
                    upstream: address, meshPort: settings.traefikMeshPort, certificates: certificates)))
        return render
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        try ArtifactSync.requireRenderable(render)
        let settings = context.settings
        guard let location = render.artifacts.first?.location else { return ApplyReport() }
        let label = location.guestID.flatMap { context.snapshot.guest(id: $0)?.label } ?? "\(location)"
        try await GuestReadiness.require(location, label, stage: id, driver: context.driver)

        var report = ApplyReport()
        let changes = try await ArtifactSync.changes(render, context: context)
        let stale = try await ArtifactSync.staleFiles(render, context: context)
        guard !changes.isEmpty || !stale.isEmpty else { return report }
        report.written = try await ArtifactSync.write(changes, stage: id, context: context)
        report.removed = try await ArtifactSync.remove(stale, stage: id, context: context)

        // The site is linked when it was (re)written; a link that is already there is replaced by the same.
        let site = changes.first { $0.artifact.path == settings.nginxSite && $0.artifact.location == location }
        if site != nil, settings.nginxSiteEnabled != settings.nginxSite {
            let link = ["ln", "-sfn", settings.nginxSite, settings.nginxSiteEnabled]
            try await context.driver.runChecked(link, at: location)
            report.actions.append(link)
        }
        guard context.driver.observesGuests else {
            // The local driver would run nginx -t against this machine's /etc/nginx, not the guest's
            // configuration: no check is better than a meaningless one (the tests run the real nginx -t
            // on the rendered files).
            report.notes.append("\(settings.nginxTest.joined(separator: " ")) not run: the driver does not observe guests")
            try await context.driver.runChecked(settings.nginxReload, at: location)
            report.actions.append(settings.nginxReload)
            return report
        }
        let result: CommandResult
        do {
            result = try await context.driver.run(settings.nginxTest, at: location)
        } catch {
            // The check could not run at all: unchecked files do not stay live.
            try await rollBack(changes, stale, site: site, location: location, context: context)
            throw error
        }
        guard result.succeeded else {
            try await rollBack(changes, stale, site: site, location: location, context: context)
            throw StageError.validationFailed(id, tool: settings.nginxTest.joined(separator: " "), output: result.diagnosticTail())
        }
        try await context.driver.runChecked(settings.nginxReload, at: location)
        context.log("nginx-gateway: \(settings.nginxReload.joined(separator: " ")) at \(location)")
        report.actions.append(settings.nginxReload)
        return report
    }

    /// Puts the previous files back; a site that did not exist before goes together with its link
    /// (nginx fails on a dangling link in sites-enabled).
    private func rollBack(
        _ changes: [ArtifactSync.Change], _ stale: [ArtifactSync.Stale], site: ArtifactSync.Change?, location: Location,
        context: StageContext
    ) async throws {
        try await ArtifactSync.restore(changes, stale, stage: id, context: context)
        let settings = context.settings
        if let site, site.current == nil, settings.nginxSiteEnabled != settings.nginxSite {
            try await context.driver.removeFile(settings.nginxSiteEnabled, at: location)
        }
    }
}
