import PhoenixCore

/// The routes of the Traefik dynamic configuration, in the original's order: VM services, Portainer
/// agents, LXC services, then the dashboard. Guests whose address is DHCP (or missing) are reported
/// and left out, never rendered as `http://dhcp:…`; a name used twice is an error naming both guests.
struct TraefikRoutePlan {
    /// Routes in order.
    private(set) var routes: [TraefikRoute] = []
    /// Findings.
    private(set) var diagnostics: [Diagnostic] = []

    /// The agent port when `network.portainer_agent_port` is absent (Portainer's own default).
    static let defaultAgentPort = 9001
    /// The name of the dashboard route.
    static let dashboardName = "traefik-dashboard"

    private var owners: [String: String] = [:]
    /// The settings (the address rule reads `guestAddressInterfaces`).
    private let settings: StageSettings

    /// Plans the routes of `snapshot` under `domain` (already normalized).
    init(_ snapshot: ConfigSnapshot, settings: StageSettings, domain: String) {
        self.settings = settings
        // Hosts the stacks publish through their deploy labels are routed by Traefik's swarm
        // provider; a file route for the same host would compete with it (the original skipped the
        // VM service named "portainer" for this reason).
        let stackRouted = Set(
            StackHostRules.stackHosts(snapshot, environment: settings.environment).map { $0.host.lowercased() })
        let agentPort = snapshot.hypervisor.network?.portainerAgentPort ?? Self.defaultAgentPort
        let vms = snapshot.vms.map(Guest.init)
        for guest in vms { addService(guest, snapshot: snapshot, domain: domain, stackRouted: stackRouted) }
        for guest in vms { addAgent(guest, port: agentPort, snapshot: snapshot, stackRouted: stackRouted) }
        for lxc in snapshot.lxcs {
            addService(Guest(lxc), snapshot: snapshot, domain: domain, stackRouted: stackRouted)
        }
        let dashboard = TraefikRoute(
            name: Self.dashboardName, host: "\(settings.traefikDashboardName).\(domain)", url: nil,
            internalService: "api@internal")
        if owners[dashboard.name] != nil {
            diagnostics.append(
                Diagnostic(
                    severity: .error, code: .duplicateTraefikName, file: nil,
                    message: "traefik: route name \"\(dashboard.name)\" is reserved for the dashboard but \(owners[dashboard.name] ?? "") uses it"))
        } else {
            routes.append(dashboard)
        }
    }

    private mutating func addService(_ guest: Guest, snapshot: ConfigSnapshot, domain: String, stackRouted: Set<String>) {
        guard let service = guest.traefikService, let name = service.name, !name.isEmpty else { return }
        guard HostnameRules.isValidRouteName(name) else {
            diagnostics.append(
                RenderFinding.make(
                    .error, .unrenderableValue, at: service.origin, key: "name", in: snapshot,
                    "traefik: \(guest.label) traefik_service.name \"\(name)\" may only hold letters, digits, '.', '_' and '-'"))
            return
        }
        let host = "\(name).\(domain)"
        if stackRouted.contains(host.lowercased()) {
            diagnostics.append(
                RenderFinding.make(
                    .info, .renderSkipped, at: service.origin, key: "name", in: snapshot,
                    "traefik: \(host) (\(guest.label)) is routed by a stack's Traefik labels (swarm provider); no file route was rendered"))
            return
        }
        guard let address = backendAddress(guest, what: host, origin: service.origin, snapshot: snapshot) else { return }
        guard let port = service.port, (1...65535).contains(port) else {
            diagnostics.append(
                RenderFinding.make(
                    .warning, .renderSkipped, at: service.origin, key: "port", in: snapshot,
                    "traefik: \(guest.label) traefik_service has no port in 1-65535; \(host) was not routed"))
            return
        }
        // Honoured now (the original always used http for LXCs and https for VMs, its defaults here).
        let scheme = service.scheme?.lowercased() ?? (guest.kind == .vm ? "https" : "http")
        guard scheme == "http" || scheme == "https" else {
            diagnostics.append(
                RenderFinding.make(
                    .error, .unrenderableValue, at: service.origin, key: "scheme", in: snapshot,
                    "traefik: \(guest.label) traefik_service.scheme \"\(service.scheme ?? "")\" must be http or https"))
            return
        }
        add(
            TraefikRoute(name: name, host: host, url: "\(scheme)://\(Self.hostPort(address, port))"), guest: guest,
            origin: service.origin, key: "name", snapshot: snapshot)
    }

    private mutating func addAgent(_ guest: Guest, port: Int, snapshot: ConfigSnapshot, stackRouted: Set<String>) {
        guard let vm = guest.vm, let host = vm.portainerAgentHostname, !host.isEmpty else { return }
        guard HostnameRules.isValid(host) else {
            diagnostics.append(
                RenderFinding.make(
                    .error, .unrenderableValue, at: vm.origin, key: "portainer_agent_hostname", in: snapshot,
                    "traefik: \(guest.label) portainer_agent_hostname \"\(host)\" is not a valid host name"))
            return
        }
        let name = vm.portainerEnvironmentName.flatMap { $0.isEmpty ? nil : $0 } ?? vm.name ?? "vm-\(vm.vmid)"
        guard HostnameRules.isValidRouteName(name) else {
            diagnostics.append(
                RenderFinding.make(
                    .error, .unrenderableValue, at: vm.origin, key: "portainer_environment_name", in: snapshot,
                    "traefik: \(guest.label) route name \"\(name)\" may only hold letters, digits, '.', '_' and '-'"))
            return
        }
        if stackRouted.contains(host.lowercased()) {
            diagnostics.append(
                RenderFinding.make(
                    .info, .renderSkipped, at: vm.origin, key: "portainer_agent_hostname", in: snapshot,
                    "traefik: \(host) (\(guest.label)) is routed by a stack's Traefik labels (swarm provider); no file route was rendered"))
            return
        }
        guard let address = backendAddress(guest, what: host, origin: vm.origin, snapshot: snapshot) else { return }
        add(
            TraefikRoute(name: name, host: host, url: "https://\(Self.hostPort(address, port))"), guest: guest,
            origin: vm.origin, key: vm.portainerEnvironmentName == nil ? "name" : "portainer_environment_name",
            snapshot: snapshot)
    }

    private mutating func backendAddress(_ guest: Guest, what host: String, origin: ValueOrigin, snapshot: ConfigSnapshot) -> String? {
        if let address = GuestAddress.of(guest, settings) { return address }
        let nic = GuestAddress.nic(guest, settings)
        diagnostics.append(
            RenderFinding.make(
                .warning, nic?.isDHCP == true ? .traefikOnDHCP : .renderSkipped, at: nic?.origin ?? origin,
                key: nic == nil || nic?.json.objectValue == nil ? nil : "ip", in: snapshot,
                "traefik: \(guest.label) has no fixed address (\(GuestAddress.describe(guest, settings))), so \(host) was not routed"))
        return nil
    }

    private mutating func add(_ route: TraefikRoute, guest: Guest, origin: ValueOrigin, key: String, snapshot: ConfigSnapshot) {
        if let first = owners[route.name] {
            diagnostics.append(
                RenderFinding.make(
                    .error, .duplicateTraefikName, at: origin, key: key, in: snapshot,
                    "traefik: route name \"\(route.name)\" is used by \(first) and \(guest.label); router and service names must be unique"))
            return
        }
        owners[route.name] = guest.label
        routes.append(route)
    }

    /// `10.0.0.1:80`, `[fd00::1]:80`.
    static func hostPort(_ address: String, _ port: Int) -> String {
        address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}
