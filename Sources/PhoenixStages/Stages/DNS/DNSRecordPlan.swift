import PhoenixCore

/// The records of the dns stage: candidates from every record class in precedence order, each
/// resolved to its target's address, the first candidate per host kept, sorted by host.
struct DNSRecordPlan {
    /// The records, sorted by host.
    private(set) var records: [DNSRecord] = []
    /// What went wrong or was left out.
    private(set) var diagnostics: [Diagnostic] = []

    /// One name some rule wants published.
    private struct Candidate {
        var host: String
        var target: DNSTarget
        var guest: Guest?
        var source: String
        var origin: ValueOrigin?
        var key: String?
        /// The setting that chose `target` (for messages).
        var setting: String
    }

    /// Plans the records of `snapshot` under `domain` (already normalized).
    init(_ snapshot: ConfigSnapshot, settings: StageSettings, domain: String) {
        let candidates = Self.candidates(snapshot, settings: settings, domain: domain)
        let gateway = RoleAddress(.gateway, snapshot, settings: settings)
        let traefik = RoleAddress(.traefik, snapshot, settings: settings)
        var needs: [DNSTarget: [String]] = [:]
        var invalidOwn = Set<String>()
        var seen = Set<String>()
        for candidate in candidates {
            let host = candidate.host.lowercased()
            guard HostnameRules.isValid(host) else {
                diagnostics.append(
                    RenderFinding.make(
                        .warning, .unrenderableValue, at: candidate.origin, key: candidate.key, in: snapshot,
                        "\"\(candidate.host)\" (\(candidate.source)) is not a valid DNS name; no record was rendered for it"))
                continue
            }
            guard Self.zone(of: host, domain: domain, extraZones: settings.dnsExtraZones) != nil else {
                let zones = ([domain] + settings.dnsExtraZones).map { "\"\($0)\"" }.joined(separator: ", ")
                let what = host.contains(".") ? "is outside the zones this platform serves (\(zones))"
                    : "is a single-label name (a whole top-level domain to dnsmasq)"
                diagnostics.append(
                    RenderFinding.make(
                        .error, .dnsNameOutsideZone, at: candidate.origin, key: candidate.key, in: snapshot,
                        "\"\(candidate.host)\" (\(candidate.source)) \(what); it would answer for every name under it. "
                            + "Use a name under \"\(domain)\", or list its zone in the setting dnsExtraZones"))
                continue
            }
            let address: String?
            switch candidate.target {
            case .gateway:
                address = gateway.address
                if address == nil { needs[.gateway, default: []].append(host) }
            case .traefik:
                address = traefik.address
                if address == nil { needs[.traefik, default: []].append(host) }
            case .own:
                guard let guest = candidate.guest else {
                    invalidOwn.insert(candidate.setting)
                    continue
                }
                address = GuestAddress.of(guest, settings)
                if address == nil {
                    let nic = GuestAddress.nic(guest, settings)
                    diagnostics.append(
                        RenderFinding.make(
                            .warning, .renderSkipped, at: nic?.origin ?? guest.origin,
                            key: nic == nil || nic?.json.objectValue == nil ? nil : "ip", in: snapshot,
                            "\(guest.label) has no fixed address (\(GuestAddress.describe(guest, settings))), so \(host) (\(candidate.source)) was not published"))
                }
            }
            guard let address, !seen.contains(host) else { continue }
            seen.insert(host)
            records.append(DNSRecord(host: host, address: address, source: candidate.source))
        }
        for setting in invalidOwn.sorted() {
            diagnostics.append(
                Diagnostic(
                    severity: .error, code: .stageMissingInput, file: nil,
                    message: "dns setting \(setting) is \"own\", but those names belong to no guest; use gateway or traefik"))
        }
        for (target, role) in [(DNSTarget.gateway, gateway), (.traefik, traefik)] {
            guard let hosts = needs[target], !hosts.isEmpty else { continue }
            diagnostics.append(role.missingDiagnostic(for: hosts, in: snapshot))
        }
        records.sort()
    }

    /// The zone `host` belongs to: `domain` or one of `extraZones` when `host` is that name or under it;
    /// nil for any other name and for every single-label name.
    static func zone(of host: String, domain: String, extraZones: [String]) -> String? {
        guard host.contains(".") else { return nil }
        for zone in [domain] + extraZones {
            var zone = Substring(zone.lowercased())
            while zone.hasPrefix(".") { zone = zone.dropFirst() }
            while zone.hasSuffix(".") { zone = zone.dropLast() }
            guard !zone.isEmpty else { continue }
            if host == zone || host.hasSuffix("." + zone) { return String(zone) }
        }
        return nil
    }

    private static func candidates(_ snapshot: ConfigSnapshot, settings: StageSettings, domain: String) -> [Candidate] {
        let targets = settings.dnsTargets
        let roleHolders = Set(GuestRole.allCases.compactMap { snapshot.role($0) }.map { GuestIdentity($0) })
        var list: [Candidate] = []
        // 1. Stack Traefik labels.
        for item in StackHostRules.stackHosts(snapshot, environment: settings.environment) {
            list.append(
                Candidate(
                    host: item.host, target: targets.stackHosts, guest: nil, source: item.source, origin: item.origin,
                    key: "traefik_labels", setting: "stackHosts"))
        }
        // 2–3. traefik_service names, LXCs then VMs.
        for guest in snapshot.guests {
            guard let service = guest.traefikService, let name = service.name, !name.isEmpty else { continue }
            list.append(
                Candidate(
                    host: "\(name).\(domain)", target: targets.traefikServices, guest: guest,
                    source: "\(guest.label) traefik_service", origin: service.origin, key: "name",
                    setting: "traefikServices"))
        }
        // 4. Fixed names.
        for name in settings.dnsFixedNames {
            list.append(
                Candidate(
                    host: "\(name).\(domain)", target: targets.fixedNames, guest: nil, source: "fixed name \(name)",
                    origin: nil, key: nil, setting: "fixedNames"))
        }
        // 5. LXC names: every LXC with a name and an ip on some NIC ("dhcp" counts, as in the original).
        for lxc in snapshot.lxcs {
            let guest = Guest(lxc)
            guard let name = lxc.name, !name.isEmpty, guest.nics.contains(where: { !($0.ip ?? "").isEmpty }) else { continue }
            let isRole = roleHolders.contains(GuestIdentity(guest))
            list.append(
                Candidate(
                    host: "\(name).\(domain)", target: isRole ? targets.roleGuestNames : targets.lxcNames, guest: guest,
                    source: "\(guest.label) name", origin: lxc.origin, key: "name",
                    setting: isRole ? "roleGuestNames" : "lxcNames"))
        }
        // 6. VM names: every VM with a name and a non-DHCP ip on some NIC (DHCP templates are left out,
        // as in the original).
        for vm in snapshot.vms {
            let guest = Guest(vm)
            guard let name = vm.name, !name.isEmpty,
                guest.nics.contains(where: { !($0.ip ?? "").isEmpty && !$0.isDHCP })
            else { continue }
            let isRole = roleHolders.contains(GuestIdentity(guest))
            list.append(
                Candidate(
                    host: "\(name).\(domain)", target: isRole ? targets.roleGuestNames : targets.vmNames, guest: guest,
                    source: "\(guest.label) name", origin: vm.origin, key: "name",
                    setting: isRole ? "roleGuestNames" : "vmNames"))
        }
        // 7. Portainer agent host names.
        for vm in snapshot.vms {
            guard let hostname = vm.portainerAgentHostname, !hostname.isEmpty else { continue }
            let guest = Guest(vm)
            list.append(
                Candidate(
                    host: hostname, target: targets.agentHostnames, guest: guest,
                    source: "\(guest.label) portainer_agent_hostname", origin: vm.origin,
                    key: "portainer_agent_hostname", setting: "agentHostnames"))
        }
        return list
    }
}

/// A guest's kind and id, to compare guests without comparing their whole configuration.
struct GuestIdentity: Hashable {
    var kind: GuestKind
    var id: Int

    init(_ guest: Guest) {
        kind = guest.kind
        id = guest.id
    }
}
