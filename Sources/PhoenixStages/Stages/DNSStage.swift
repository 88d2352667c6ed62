import Foundation
import PhoenixCore
import PhoenixDrivers

/// dnsmasq on the host: `/etc/dnsmasq.conf`, the records file in `/etc/dnsmasq.d/`, and optionally
/// `/etc/resolv.conf`. The records follow the classes of `DNSRecordTargets` (docs/stages/dns.md).
///
/// Apply: when a dnsmasq file differs, the rendered configuration is checked with the real
/// `dnsmasq --test` before anything is replaced, then written, then dnsmasq is restarted (a SIGHUP
/// does not reload `address=` lines). `dns_server.enabled` other than true renders nothing and the
/// apply does nothing: switching DNS off never tears down the host's resolver.
public struct DNSStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .dns }
    public var summary: String { "dnsmasq configuration and internal records on the host; restart dnsmasq when they change" }
    public var dependencies: [StageID] { [] }

    /// dnsmasq's two files, the check file next to them, and the resolver file.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(host: [
            settings.dnsmasqConfig, settings.dnsmasqConfig + ".phoenix-check", settings.dnsmasqRecords, settings.resolvConf,
        ])
    }

    public var inputs: [InputRule] {
        [
            .json(.hypervisor, "/domain_name", "every record and local=/<domain>/ is under the domain"),
            .json(.hypervisor, "/roles/**", "records point at the gateway and Traefik guests; role guests get their own address"),
            .json(.hypervisor, "/network/interfaces/address", "dnsmasq listens on the host address; resolv.conf names it"),
            .json(.hypervisor, "/dns_server/enabled", "switches the stage on or off"),
            .json(.hypervisor, "/dns_server/upstream_servers/**", "server= lines and resolv.conf nameservers"),
            .json(.lxc, "/lxc_configs/*/name", "LXC names become records; legacy role names pick the gateway and Traefik"),
            .json(.lxc, "/lxc_configs/*/network_config/ip", "record addresses; an LXC without ip gets no name record"),
            .json(.lxc, "/lxc_configs/*/traefik_service/name", "published service names become records"),
            .json(.vm, "/vms/*/vmid", "roles may name a VM by id"),
            .json(.vm, "/vms/*/name", "VM names become records"),
            .json(.vm, "/vms/*/network_config/ip", "VM record addresses; DHCP VMs get no name record"),
            .json(.vm, "/vms/*/traefik_service/name", "published service names become records"),
            .json(.vm, "/vms/*/portainer_agent_hostname", "agent host names become records"),
            .json(.stacksConfig, "/docker_stacks/*/environments/*/services/*/traefik_labels/**", "Host() rules of stack labels become records"),
            .stackPath("*/phoenix.json", "Host() rules of stack manifests become records"),
        ]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        var render = Render(stage: id)
        guard let dnsServer = snapshot.hypervisor.dnsServer, dnsServer.enabled == true else {
            render.diagnostics.append(
                RenderFinding.make(
                    .info, .stageDisabled, file: .hypervisor, pointer: JSONPointer(tokens: ["dns_server", "enabled"]),
                    in: snapshot, "dns_server.enabled is not true: the dns stage manages nothing (existing files are left alone)"))
            return render
        }
        guard let rawDomain = snapshot.hypervisor.domainName, !HostnameRules.normalizedDomain(rawDomain).isEmpty,
            HostnameRules.isValid(HostnameRules.normalizedDomain(rawDomain))
        else {
            render.diagnostics.append(
                RenderFinding.make(
                    .error, .stageMissingInput, file: .hypervisor, pointer: JSONPointer(tokens: ["domain_name"]),
                    in: snapshot, "dns: domain_name is missing or not a valid domain; every record is named under it"))
            return render
        }
        let domain = HostnameRules.normalizedDomain(rawDomain)
        guard let hostAddress = snapshot.hypervisor.network?.interfaces?.interface?.address.description else {
            render.diagnostics.append(
                RenderFinding.make(
                    .error, .stageMissingInput, file: .hypervisor,
                    pointer: JSONPointer(tokens: ["network", "interfaces", "address"]), in: snapshot,
                    "dns: network.interfaces.address is missing or not an address; dnsmasq must listen on the host address"))
            return render
        }
        let upstream = upstreamServers(dnsServer, snapshot: snapshot, diagnostics: &render.diagnostics)
        let extraListen = settings.dnsExtraListenAddresses.filter { address in
            if IPAddress(parsing: address) != nil { return true }
            render.diagnostics.append(
                Diagnostic(
                    severity: .error, code: .unrenderableValue, file: nil,
                    message: "dns: setting dnsExtraListenAddresses holds \"\(address)\", which is not an IP address"))
            return false
        }
        let plan = DNSRecordPlan(snapshot, settings: settings, domain: domain)
        render.diagnostics += plan.diagnostics

        let conf = DNSMasqFiles.mainConfig(
            domain: domain, listen: ["127.0.0.1", hostAddress] + extraListen,
            confDir: (settings.dnsmasqRecords as NSString).deletingLastPathComponent, upstream: upstream.map(\.server))
        render.artifacts.append(Artifact(stage: id, location: .host, path: settings.dnsmasqConfig, text: conf))
        render.artifacts.append(
            Artifact(stage: id, location: .host, path: settings.dnsmasqRecords, text: DNSMasqFiles.records(plan.records)))
        if settings.manageResolvConf {
            let resolv = DNSMasqFiles.resolvConf(
                domain: domain, nameservers: [hostAddress] + upstream.compactMap(\.plainAddress))
            render.artifacts.append(Artifact(stage: id, location: .host, path: settings.resolvConf, text: resolv))
        }
        return render
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        try ArtifactSync.requireRenderable(render)
        var report = ApplyReport()
        guard !render.artifacts.isEmpty else {
            report.notes.append("dns_server.enabled is not true; nothing was changed")
            return report
        }
        let settings = context.settings
        // Files are never removed here: a path that is no longer rendered (resolv.conf after
        // manageResolvConf was switched off) is the host's again, not garbage.
        let changes = try await ArtifactSync.changes(render, context: context)
        guard !changes.isEmpty else { return report }
        let dnsmasqPaths: Set<String> = [settings.dnsmasqConfig, settings.dnsmasqRecords]
        let dnsmasqChanged = changes.contains { dnsmasqPaths.contains($0.artifact.path) }
        if dnsmasqChanged { try await check(render, context: context) }
        report.written = try await ArtifactSync.write(changes, stage: id, context: context)
        if dnsmasqChanged {
            try await context.driver.runChecked(settings.dnsmasqRestart, at: .host)
            context.log("dns: restarted dnsmasq")
            report.actions.append(settings.dnsmasqRestart)
        }
        return report
    }

    /// Runs `dnsmasq --test` on a self-contained copy of what would be live (main config without its
    /// `conf-dir=` line, plus the records), written next to the main config and removed afterwards.
    /// Nothing live is touched when the check fails.
    private func check(_ render: Render, context: StageContext) async throws {
        let settings = context.settings
        let text = { (path: String) in
            render.artifacts.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
        }
        let combined = DNSMasqFiles.checkConfig(main: text(settings.dnsmasqConfig), records: text(settings.dnsmasqRecords))
        let checkPath = settings.dnsmasqConfig + ".phoenix-check"
        try await context.driver.writeFile(checkPath, contents: Data(combined.utf8), mode: 0o600, owner: nil, at: .host)
        let result: CommandResult
        do {
            result = try await context.driver.run(["dnsmasq", "--test", "--conf-file=\(checkPath)"], at: .host)
        } catch {
            try? await context.driver.removeFile(checkPath, at: .host)
            throw error
        }
        try await context.driver.removeFile(checkPath, at: .host)
        guard result.succeeded else {
            throw StageError.validationFailed(id, tool: "dnsmasq --test", output: result.diagnosticTail())
        }
    }

    /// Upstream resolvers that can be written as `server=` lines: an address, optionally `#port`.
    private func upstreamServers(
        _ settings: DNSServerSettings, snapshot: ConfigSnapshot, diagnostics: inout [Diagnostic]
    ) -> [(server: String, plainAddress: String?)] {
        var servers: [(server: String, plainAddress: String?)] = []
        for (index, server) in settings.upstreamServers.enumerated() {
            let parts = server.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let portIsValid = parts.count == 1 || (Int(parts[1]).map { (1...65535).contains($0) } ?? false)
            guard IPAddress(parsing: String(parts[0])) != nil, portIsValid else {
                diagnostics.append(
                    RenderFinding.make(
                        .error, .unrenderableValue, file: .hypervisor,
                        pointer: JSONPointer(tokens: ["dns_server", "upstream_servers"]).appending(index), in: snapshot,
                        "dns: upstream server \"\(server)\" is not an address (or address#port)"))
                continue
            }
            servers.append((server, parts.count == 1 ? server : nil))
        }
        return servers
    }
}
