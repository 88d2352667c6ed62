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
    /// Renew a certificate when it expires within this many seconds (`step_ca.renew_before` in the
    /// config overrides it).
    public var certificateRenewBefore: Double = 12 * 3600
    /// The lifetime asked of the issuer through `{not_after}` when the config has no
    /// `step_ca.certificate_validity` (the original's constant).
    public var certificateValidity = "24h"
    /// The issuer command. Per entry `{cn}`, `{cert}`, `{key}` are replaced; from the config's
    /// `step_ca` block `{ca_url}`, `{root}` (`root_ca_path`), `{provisioner}` (`provisioner_name`),
    /// `{provisioner_password_file}` and `{not_after}` (`certificate_validity`, else
    /// `certificateValidity`). An element whose placeholder has no value is dropped together with the
    /// option name before it. `--san <x>` is appended per SAN. Each element stays one argv element
    /// (never a shell string).
    public var certificateIssuer = [
        "step", "ca", "certificate", "{cn}", "{cert}", "{key}", "--ca-url", "{ca_url}", "--root", "{root}",
        "--provisioner", "{provisioner}", "--provisioner-password-file", "{provisioner_password_file}",
        "--not-after", "{not_after}", "--force",
    ]
    /// Whether the certificates stage re-reads a certificate after issuing it and fails when it still
    /// needs renewal (a CA that ignores a SAN or issues shorter than the renewal window would otherwise
    /// be asked again on every run). On a driver that does not observe guests (the local driver) a
    /// certificate that did not appear is a note, not a failure, whatever this says.
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

    // MARK: dns, firewall, traefik, nginx-gateway, trusted-ca, stack-files (docs/stages/*.md)

    /// Per guest id (`"101"`), the NIC that carries the guest's address, by name (`eth1`), key
    /// (`secondary_network_config`) or Proxmox slot (`net1`); overrides the guest's `address_interface`
    /// and the default rule (the first NIC with a fixed address). See docs/real-data.md.
    public var guestAddressInterfaces: [String: String] = [:]
    /// Where each class of DNS record points (defaults: the rules at the corpus commit).
    public var dnsTargets = DNSRecordTargets()
    /// Names published under the domain besides the guests' (`portainer.<domain>`, `traefik.<domain>`).
    public var dnsFixedNames = ["portainer", "traefik"]
    /// Zones besides `domain_name` whose names the dns stage may publish (`["lab.example.org"]`). A name
    /// outside `domain_name` and these, or a single-label name, is a render error (ADR 0020): a stack
    /// label `Host(`com`)` would otherwise answer every `.com` name on the platform with the gateway.
    public var dnsExtraZones: [String] = []
    /// Addresses dnsmasq listens on besides 127.0.0.1 and the host interface address (e.g. an internal
    /// bridge address; the original hard-coded 172.16.100.1).
    public var dnsExtraListenAddresses: [String] = []
    /// The host's resolver file, written when `manageResolvConf` is on.
    public var resolvConf = "/etc/resolv.conf"
    /// Restarts dnsmasq after its configuration changed (`address=` lines need a restart, not a SIGHUP).
    public var dnsmasqRestart = ["systemctl", "restart", "dnsmasq"]
    /// Checks the cluster firewall files after they were written.
    public var firewallCheck = ["pve-firewall", "compile"]
    /// Applies the firewall files.
    public var firewallRestart = ["pve-firewall", "restart"]
    /// The label of the Traefik dashboard host (`traefik` → `traefik.<domain>`).
    public var traefikDashboardName = "traefik"
    /// Traefik's mesh (mTLS) entry point port, also the gateway's stream port.
    public var traefikMeshPort = 8443
    /// Where nginx loads the gateway site from (a symlink to `nginxSite`, as Debian's sites-enabled).
    public var nginxSiteEnabled = "/etc/nginx/sites-enabled/gateway"
    /// Folder of the gateway's certificates when the manifest does not say where they are in the guest.
    public var nginxCertificateDirectory = "/etc/nginx/ssl"
    /// Checks the gateway's whole nginx configuration after the files were written (they are put
    /// back when it fails).
    public var nginxTest = ["nginx", "-t"]
    /// Reloads nginx after its configuration changed and passed `nginx -t`.
    public var nginxReload = ["systemctl", "reload", "nginx"]
    /// Rebuilds the host trust store after the root certificate changed.
    public var trustedCAUpdate = ["update-ca-certificates"]
    /// Permission bits of the files copied to the stacks share.
    public var stackFileMode = 0o644
    /// Permission bits of the stack files that hold secrets: the rendered compose files (variables
    /// substituted) and `*.env` files. With an NFS export that squashes root, the swarm manager may
    /// need a wider mode (docs/stages/stack-files.md).
    public var stackSecretFileMode = 0o600

    // MARK: Confinement and consent (docs/adr/0016-path-confinement.md, 0017-repository-commands.md)

    /// The only host folders a certificate-manifest entry's `cert_path` and `key_path` may name (and
    /// where the CA root may be read from). An entry outside them is a render error; nothing there
    /// is read, issued, chmod-ed or pushed.
    public var certificateRoots = [
        "/mnt/pve/quickOS/lxc-persistent-data", "/mnt/pve/quickOS/vm-persistent-data",
        "/quickOS/lxc-persistent-data", "/quickOS/vm-persistent-data",
    ]
    /// The only host folders secret files named by the config may be read from
    /// (`portainer_api.admin_password_file`).
    public var hostSecretRoots = ["/etc/phoenix/secrets"]
    /// The `post_renewal_command`s the certificates stage may run: exact text, or patterns where `*`
    /// stands for any run of characters. A command not listed is not run (its entry fails) unless the
    /// watcher verifies commit signatures (`verify: head`).
    public var allowedPostRenewalCommands: [String] = []

    /// Default settings.
    public init() {}
}
