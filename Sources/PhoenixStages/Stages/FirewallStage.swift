import Foundation
import PhoenixCore
import PhoenixDrivers

/// Proxmox VE firewall files on the host: `cluster.fw` and one `<id>.fw` per guest (LXCs and VMs,
/// templates included, as the original). See docs/stages/firewall.md.
///
/// Apply: write the files that differ and remove the `.fw` files this stage wrote before for guests
/// that no longer exist (files it never wrote are left alone), then `pve-firewall compile`; when the
/// compile fails, or warns about a file just written (pve-firewall drops a bad rule with a warning and
/// still exits 0), the previous files are put back. `pve-firewall restart` runs only when something
/// changed.
///
/// The files live on pmxcfs (`/etc/pve`), which allows only mode 0640 (0600 under `priv/`) and no
/// chown, so they are written 0640 with no owner. Of `cluster.fw` the stage owns only its options and
/// the `[RULES]` section (`ClusterFirewallFile`, ADR 0014).
public struct FirewallStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .firewall }
    public var summary: String { "pve-firewall cluster.fw and one <id>.fw per guest; compile-check, then restart the firewall" }
    public var dependencies: [StageID] { [] }
    /// `/etc/pve/firewall` is on pmxcfs: written once, every node's pve-firewall reads it.
    public var writesClusterFileSystem: Bool { true }

    /// The pve-firewall folder only.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(host: [settings.firewallDirectory])
    }

    public var inputs: [InputRule] {
        [
            .json(.hypervisor, "/firewall/**", "cluster switch, default policies and global rules (cluster.fw)"),
            .json(.hypervisor, "/shared_volumes/firewall/**", "the same block at its old location, read when /firewall is absent"),
            .json(.lxc, "/lxc_configs/*/firewall/**", "each container's switch and rules (<ctid>.fw); the set of CTIDs names the files"),
            .json(.lxc, "/lxc_configs/*/public_interface/**", "public-interface containers get the HTTP/HTTPS rules on their second NIC"),
            .json(.lxc, "/lxc_configs/*/secondary_network_config", "the second NIC (net1) is the public interface"),
            .json(.lxc, "/lxc_configs/*/net1", "the second NIC (net1) is the public interface"),
            .json(.vm, "/vms/*/vmid", "each VM's file is named by its vmid"),
            .json(.vm, "/vms/*/firewall/**", "each VM's switch and rules (<vmid>.fw)"),
        ]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        var render = Render(stage: id)
        render.artifacts.append(clusterFile(snapshot, settings: settings, diagnostics: &render.diagnostics))
        var seen: [Int: Guest] = [:]
        for guest in snapshot.guests.sorted(by: { ($0.id, $0.kind == .vm ? 1 : 0) < ($1.id, $1.kind == .vm ? 1 : 0) }) {
            if let first = seen[guest.id] {
                render.diagnostics.append(
                    RenderFinding.make(
                        .error, .duplicateGuestID, at: guest.origin, in: snapshot,
                        "firewall: \(guest.label) and \(first.label) share id \(guest.id), so both would be \(guest.id).fw"))
                continue
            }
            seen[guest.id] = guest
            render.artifacts.append(guestFile(guest, snapshot: snapshot, settings: settings, diagnostics: &render.diagnostics))
        }
        return render
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        try ArtifactSync.requireRenderable(render)
        var report = ApplyReport()
        let changes = try await firewallChanges(render, context: context)
        let stale = try await ArtifactSync.staleFiles(render, context: context)
        guard !changes.isEmpty || !stale.isEmpty else { return report }
        report.written = try await ArtifactSync.write(changes, stage: id, context: context)
        report.removed = try await ArtifactSync.remove(stale, stage: id, context: context)
        let check = context.settings.firewallCheck
        let result: CommandResult
        do {
            result = try await context.driver.run(check, at: .host)
        } catch {
            // The check could not run at all (not installed, timed out): unchecked files do not stay live.
            try await ArtifactSync.restore(changes, stale, staleMode: Self.mode, stage: id, context: context)
            throw error
        }
        let warnings = FirewallCompileWarnings.naming(changes.map(\.artifact.path), in: result.stderrText)
        guard result.succeeded, warnings.isEmpty else {
            try await ArtifactSync.restore(changes, stale, staleMode: Self.mode, stage: id, context: context)
            let output = warnings.isEmpty ? result.diagnosticTail() : warnings.joined(separator: "\n")
            throw StageError.validationFailed(id, tool: check.joined(separator: " "), output: context.driver.redactor.text(output))
        }
        try await context.driver.runChecked(context.settings.firewallRestart, at: .host)
        context.log("firewall: \(context.settings.firewallRestart.joined(separator: " "))")
        report.actions.append(context.settings.firewallRestart)
        for finding in await NICFirewallFlags.findings(context.snapshot, driver: context.driver) {
            context.log("firewall: \(finding.message)")
            report.notes.append(finding.message)
        }
        return report
    }

    /// A NIC without `firewall=1` on a guest whose firewall is enabled: its rules do nothing there.
    public func observe(_ render: Render, context: StageContext) async throws -> [DriftItem] {
        await NICFirewallFlags.findings(context.snapshot, driver: context.driver).map { finding in
            .drifted(.host, "\(finding.guest.kind == .vm ? "qm" : "pct") config \(finding.guest.id)", finding.message)
        }
    }

    /// `cluster.fw` is compared and written through `ClusterFirewallFile`: only the stage's part counts.
    public func ownedPart(of found: Data, at key: ArtifactKey) -> Data {
        guard Self.isClusterFile(key) else { return found }
        return ClusterFirewallFile.ownedPart(of: found, header: ManagedHeader.line(id))
    }

    /// The files that differ; a changed `cluster.fw` is written as the render merged into what is there.
    private func firewallChanges(_ render: Render, context: StageContext) async throws -> [ArtifactSync.Change] {
        var changes: [ArtifactSync.Change] = []
        for var artifact in render.artifacts where artifact.kind == .file {
            let current = try await context.driver.readFile(artifact.path, at: artifact.location)
            let owned = current.map { ownedPart(of: $0, at: artifact.key) }
            guard owned != artifact.contents else { continue }
            if Self.isClusterFile(artifact.key) {
                artifact.contents = ClusterFirewallFile.merge(artifact.contents, into: current, header: ManagedHeader.line(id))
            }
            changes.append(ArtifactSync.Change(artifact: artifact, current: current))
        }
        return changes
    }

    // MARK: Files

    static let clusterFileName = "cluster.fw"
    /// pmxcfs allows no other mode outside `/etc/pve/priv`.
    static let mode = 0o640

    private static func isClusterFile(_ key: ArtifactKey) -> Bool {
        key.kind == .file && key.location == .host && key.path.hasSuffix("/" + clusterFileName)
    }

    private func clusterFile(_ snapshot: ConfigSnapshot, settings: StageSettings, diagnostics: inout [Diagnostic]) -> Artifact {
        let global = snapshot.hypervisor.firewall
        var options = ["enable: \(global?.enabled == false ? 0 : 1)"]
        if global?.enabled == false, let global {
            diagnostics.append(
                RenderFinding.make(
                    .warning, .renderDefaultUsed, at: global.origin, key: "enabled", in: snapshot,
                    "firewall.enabled is false: cluster.fw switches the whole Proxmox firewall off (enable: 0); phoenix sync ignored this key and always enabled it"))
        }
        for (key, name, value) in [
            ("default_input_policy", "policy_in", global?.defaultInputPolicy),
            ("default_output_policy", "policy_out", global?.defaultOutputPolicy),
        ] {
            guard let value else { continue }
            if FirewallRuleLine.actions.contains(value.uppercased()) {
                options.append("\(name): \(value.uppercased())")
            } else {
                diagnostics.append(
                    RenderFinding.make(
                        .error, .invalidFirewallPolicy, at: global?.origin, key: key, in: snapshot,
                        "firewall: \(key) \"\(value)\" must be ACCEPT, DROP or REJECT"))
            }
        }
        var rules = ["IN ACCEPT -i lo"]
        rules += lines(global?.globalFirewallRules ?? [], owner: "cluster", snapshot: snapshot, diagnostics: &diagnostics)
        return file(Self.clusterFileName, options: options, rules: rules, settings: settings)
    }

    private func guestFile(
        _ guest: Guest, snapshot: ConfigSnapshot, settings: StageSettings, diagnostics: inout [Diagnostic]
    ) -> Artifact {
        let enabled = guest.firewall?.enabled == true
        var rules: [String] = []
        if let lxc = guest.lxc, lxc.publicInterfaceEnabled == true {
            // The public NIC is the guest's second NIC; rules name it by its Proxmox slot (`net1`).
            if let publicNIC = guest.nics.dropFirst().first {
                for (port, what) in [("80", "HTTP"), ("443", "HTTPS")] {
                    let rule = FirewallRule(
                        type: "in", action: "ACCEPT", proto: "tcp", port: port, iface: publicNIC.proxmoxName,
                        comment: "Auto-allow \(what) on Public Interface")
                    if case .line(let line, _) = FirewallRuleLine.render(rule) { rules.append(line) }
                }
            } else {
                diagnostics.append(
                    RenderFinding.make(
                        .warning, .renderSkipped, at: lxc.origin, key: "public_interface", in: snapshot,
                        "firewall: \(guest.label) has public_interface.enabled but no secondary_network_config, so there is no public NIC to open HTTP/HTTPS on"))
            }
        }
        rules += lines(guest.firewall?.rules ?? [], owner: guest.label, snapshot: snapshot, diagnostics: &diagnostics)
        return file("\(guest.id).fw", options: ["enable: \(enabled ? 1 : 0)"], rules: rules, settings: settings)
    }

    // Guest rules take the NIC's Proxmox slot (`netN`, `GuestNetwork.proxmoxName`), not the name
    // inside the guest (the original's `-i eth1` is rejected by pve-firewall for guest rules).

    private func lines(
        _ rules: [FirewallRule], owner: String, snapshot: ConfigSnapshot, diagnostics: inout [Diagnostic]
    ) -> [String] {
        rules.compactMap { rule in
            switch FirewallRuleLine.render(rule) {
            case .line(let line, let ignored):
                if !ignored.isEmpty {
                    diagnostics.append(
                        RenderFinding.make(
                            .warning, .unrenderableValue, at: rule.origin, in: snapshot,
                            "firewall: \(owner) group rule ignores \(ignored.joined(separator: ", ")) (a group rule takes only an interface)"))
                }
                return line
            case .invalid(let reason, let key):
                diagnostics.append(
                    RenderFinding.make(
                        .error, .invalidFirewallRule, at: rule.origin, key: key, in: snapshot,
                        "firewall: \(owner) rule cannot be written: \(reason)"))
                return nil
            }
        }
    }

    private func file(_ name: String, options: [String], rules: [String], settings: StageSettings) -> Artifact {
        let text = ([ManagedHeader.line(id), "[OPTIONS]"] + options + ["", "[RULES]"] + rules).joined(separator: "\n") + "\n"
        // pmxcfs refuses any other mode (and any chown): pmxcfs.c cfs_fuse_chmod/chown.
        return Artifact(stage: id, location: .host, path: settings.firewallDirectory + "/" + name, text: text, mode: Self.mode)
    }
}
