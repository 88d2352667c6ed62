/// Operator settings the stages read besides the config repository (paths on the host, policies).
/// Defaults follow what `phoenix sync` used, so a Proxmox host converts without edits.
public struct StageSettings: Sendable, Hashable, Codable {
    /// Where `stacks/` is copied on the host (NFS-exported to the Swarm VMs).
    public var stacksShare = "/quickOS/portainer_stacks"
    /// Where the Swarm manager VM mounts the stacks share.
    public var stacksMountInManager = "/mnt/stacks"
    /// The stack environment deployed (`production`).
    public var environment = "production"
    /// Whether stacks removed from the config are `docker stack rm`-ed (opt-in).
    public var pruneRemovedStacks = false
    /// pve-firewall folder on the host.
    public var firewallDirectory = "/etc/pve/firewall"
    /// dnsmasq main config on the host.
    public var dnsmasqConfig = "/etc/dnsmasq.conf"
    /// dnsmasq records file on the host.
    public var dnsmasqRecords = "/etc/dnsmasq.d/00-phoenix-internal.conf"
    /// Whether the dns stage also manages `/etc/resolv.conf` on the host.
    public var manageResolvConf = true
    /// Traefik dynamic config path inside the Traefik guest.
    public var traefikDynamicConfig = "/etc/traefik/dynamic/dynamic_conf.yml"
    /// Root CA path as seen inside Traefik (servers transport and mTLS client CA).
    public var traefikRootCA = "/etc/step-ca/ssl/phoenix_root_ca.crt"
    /// NGINX gateway site path inside the gateway guest.
    public var nginxSite = "/etc/nginx/sites-available/gateway"
    /// NGINX stream config path inside the gateway guest.
    public var nginxStream = "/etc/nginx/stream.d/stream-gateway.conf"
    /// Where the Step-CA root certificate is found on the host (trusted-ca reads it).
    public var caRootOnHost = "/mnt/pve/quickOS/lxc-persistent-data/103/ssl/phoenix_root_ca.crt"
    /// Where the host trust store expects it.
    public var hostTrustedCA = "/usr/local/share/ca-certificates/phoenix_internal_root_ca.crt"
    /// Renew a certificate when it expires within this many seconds.
    public var certificateRenewBefore: Double = 12 * 3600
    /// The issuer command; `{cn}`, `{cert}`, `{key}` are replaced per entry, `--san <x>` is appended
    /// per SAN. Each element stays one argv element (never a shell string).
    public var certificateIssuer = [
        "step", "ca", "certificate", "{cn}", "{cert}", "{key}", "--not-after", "24h", "--force",
    ]
    /// Whether the certificates stage re-reads a certificate after issuing it and fails when it still
    /// needs renewal (a CA that ignores a SAN or issues shorter than the renewal window would otherwise
    /// be asked again on every run). Turn off only for targets where the issuer is journalled, not run
    /// (the local driver), where no certificate can appear.
    public var certificateVerifyAfterIssue = true
    /// The stack that is the Portainer server: deployed by the `portainer` stage, skipped by
    /// `stack-deploy` (the original deployed it twice per sync).
    public var portainerServerStack = "portainer_service"
    /// The Portainer agent container's name on agent VMs.
    public var portainerAgentContainer = "portainer_agent"
    /// The swarm secret created from `portainer_api.admin_password_file` (the server's compose file
    /// names it as an external secret).
    public var portainerAdminSecret = "portainer_admin_password"

    /// The Docker overlay network shared with Traefik.
    public var overlayNetwork = "traefik-public"

    /// Default settings.
    public init() {}
}
