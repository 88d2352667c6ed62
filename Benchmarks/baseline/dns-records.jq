# The DNS records of phoenix-gitops' `dns` stage, written as a jq program the way `phoenix sync`
# computed them: the baseline of benchmark 2 in docs/benchmarks.md. It follows the stage's default
# rules (reference §2.1b, docs/stages/dns.md); phoenix-bench checks that both give the same lines.
#
#   jq -r -n -f dns-records.jq \
#     --slurpfile hv  config/phoenix_hypervisor_config.json \
#     --slurpfile lxc config/phoenix_lxc_configs.json \
#     --slurpfile vm  config/phoenix_vm_configs.json \
#     --slurpfile sc  config/phoenix_stacks_config.json \
#     stacks/<name>/phoenix.json ...        # every stack manifest, sorted by stack name
#
# Prints one `address=/<host>/<address>` line per record, sorted by host. Scope: IPv4 addresses
# (the synthetic and example configurations have no others); no diagnostics.

def trimmed: sub("^[ \t]+"; "") | sub("[ \t]+$"; "");

# The address without its prefix length, when it is an IPv4 address (with an optional /0-32);
# null for "dhcp", "manual" and anything else.
def address:
  if type != "string" then null
  else split("/") as $parts
    | if ($parts | length) <= 2
        and ($parts[0] | test("^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$"))
        and (($parts | length) == 1 or ($parts[1] | test("^[0-9]{1,3}$") and tonumber <= 32))
      then $parts[0] else null end
  end;

# Labels of letters, digits, '-' and '_', 1-63 long, not starting or ending with '-'; 253 in all.
def valid_host:
  length > 0 and length <= 253
  and (split(".") | all(test("^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")));

# Every backtick-quoted name inside a Host(...) of a Traefik rule.
def rule_hosts:
  [match("(?<![A-Za-z0-9_])Host\\(([^)]*)\\)"; "g") | .captures[0].string]
  | .[] | split("`") | to_entries[] | select(.key % 2 == 1 and .value != "") | .value;

# Hosts of one label when it is `traefik.http.routers.<r>.rule=...`.
def label_hosts:
  select(type == "string" and startswith("traefik.http.routers."))
  | (index("=")) as $eq
  | select($eq != null and (.[:$eq] | endswith(".rule")))
  | .[$eq + 1:] | rule_hosts;

def service_hosts: (.environments.production.services // {}) | to_entries[] | (.value.traefik_labels // [])[] | label_hosts;

$hv[0] as $config
| select($config.dns_server.enabled == true)
| ($config.domain_name // "" | trimmed | ascii_downcase | sub("\\.+$"; "")) as $domain
| [($lxc[0].lxc_configs // {}) | to_entries[] | .value + {id: (.key | tonumber), kind: "lxc"}] as $lxcs
| [($vm[0].vms // [])[] | . + {id: .vmid, kind: "vm"}] as $vms
| def guest($id): ([$lxcs[] | select(.id == $id)] | first) // ([$vms[] | select(.id == $id)] | first);
  def role($key; $legacy):
    if ($config.roles // {}) | has($key) then guest($config.roles[$key] | tonumber)
    else [$lxcs[] | select(.name == $legacy)] | first end;
  [role("gateway"; "Nginx-Phoenix"), role("traefik"; "Traefik-Internal"), role("ca"; "Step-CA")] as $roles
| ($roles[0].network_config.ip | address) as $gateway
| ($roles[1].network_config.ip | address) as $traefik
| ($roles | map(select(. != null) | "\(.kind):\(.id)") | map({(.): true}) | add // {}) as $holders
| def named: (.name | type == "string" and length > 0);
  def ip_text: (.network_config.ip | type == "string" and length > 0);
  def candidates:
    # 1. Host() rules of stack labels: manifests (sorted by stack name), then the stacks config.
    (inputs | service_hosts | {host: ., to: $gateway}),
    (($sc[0].docker_stacks // {}) | to_entries[] | .value | service_hosts | {host: ., to: $gateway}),
    # 2-3. traefik_service names, LXCs then VMs.
    (($lxcs + $vms)[] | select(.traefik_service.name | type == "string" and length > 0)
      | {host: "\(.traefik_service.name).\($domain)", to: $gateway}),
    # 4. Fixed names.
    ({host: "portainer.\($domain)", to: $gateway}, {host: "traefik.\($domain)", to: $gateway}),
    # 5. LXC names (an ip of "dhcp" counts); role holders point at their own address.
    ($lxcs[] | select(named and ip_text)
      | {host: "\(.name).\($domain)", to: (if $holders["lxc:\(.id)"] then (.network_config.ip | address) else $traefik end)}),
    # 6. VM names with a fixed address.
    ($vms[] | select(named and ip_text and (.network_config.ip | ascii_downcase) != "dhcp")
      | {host: "\(.name).\($domain)", to: (if $holders["vm:\(.id)"] then (.network_config.ip | address) else $traefik end)}),
    # 7. Portainer agent host names.
    ($vms[] | select(.portainer_agent_hostname | type == "string" and length > 0)
      | {host: .portainer_agent_hostname, to: $traefik});
  # The first candidate with an address wins per host; invalid names are left out.
  reduce (candidates | .host |= ascii_downcase | select(.to != null and (.host | valid_host))) as $c
    ({}; if has($c.host) then . else .[$c.host] = $c.to end)
| to_entries | sort_by(.key)[] | "address=/\(.key)/\(.value)"
