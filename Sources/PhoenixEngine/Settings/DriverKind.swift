/// Which host driver applies the stages.
public enum DriverKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A local folder standing for the host (the embedded default).
    case local
    /// A real Proxmox host through pct, qm, systemctl, pve-firewall.
    case proxmox
}
