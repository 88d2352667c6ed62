extension StandInScript {
    /// Python: `pve-firewall compile`, a port of the real parser for the rule kinds phoenix renders.
    static let firewall = #"""


# -- pve-firewall compile: the parser of pve-firewall's Firewall.pm for the rule kinds phoenix renders ------
# generic_fw_config_parser (3435-3617), parse_fw_rule (3157-3245), verify_rule (1740-1938), the option
# parsers (3253-3361). Bad lines and rules are WARNED about and left out; compile still exits 0.
FW_DIR = "/etc/pve/firewall"
FW_NAME = r"[A-Za-z][A-Za-z0-9\-\_]+"
FW_DIRECTIONS = {"ct": ["in", "out", "group"], "vm": ["in", "out", "group"],
                 "group": ["in", "out", "forward"], "cluster": ["in", "out", "forward", "group"]}
FW_IFACE_ALLOWED = {"ct": True, "vm": True, "group": False, "cluster": True}
FW_MACROS = {
    "amanda", "auth", "bgp", "bittorrent", "bittorrent32", "ceph", "cvs", "citrix", "daap", "dcc", "dhcpfwd",
    "dns", "distcc", "ftp", "finger", "gnunet", "gre", "git", "hkp", "http", "https", "icpv2", "icq", "imap",
    "imaps", "ipip", "ipsec", "ipsecah", "ipsecnat", "irc", "jetdirect", "l2tp", "ldap", "ldaps", "msnp",
    "mssql", "mail", "mdns", "munin", "mysql", "nntp", "nntps", "ntp", "ospf", "openvpn", "pca", "pmg",
    "pop3", "pop3s", "pptp", "ping", "postgresql", "printer", "rdp", "rip", "rndc", "razor", "rdate",
    "rsync", "sane", "smb", "smbswat", "smtp", "smtps", "snmp", "spamd", "ssh", "svn", "sixxs", "spiceproxy",
    "squid", "submission", "syslog", "tftp", "telnet", "telnets", "time", "trcrt", "vnc", "vncl", "web",
    "webcache", "webmin", "whois",
}


def fw_parse_option(line, env):
    if env == "cluster":
        patterns = [r"^(enable):\s*(\d+)\s*$", r"^(ebtables):\s*(0|1)\s*$",
                    r"^(policy_(?:in|out|forward)):\s*(ACCEPT|DROP|REJECT)\s*$", r"^(log_ratelimit):\s*(\S+)\s*$"]
    else:
        patterns = [r"^(enable|dhcp|ndp|radv|macfilter|ipfilter|ips):\s*(0|1)\s*$",
                    r"^(log_level_in|log_level_out):\s*((emerg|alert|crit|err|warning|notice|info|debug|nolog)\s*)?$",
                    r"^(policy_(?:in|out)):\s*(ACCEPT|DROP|REJECT)\s*$", r"^(ips_queues):\s*((\d+)(:(\d+))?)\s*$",
                    r"^(layer2_protocols):\s*(((\S+)[,]?)+)\s*$"]
    for pattern in patterns:
        match = re.match(pattern, line, re.I if pattern.find("log_ratelimit") < 0 else 0)
        if match:
            return match.group(1).lower(), match.group(2)
    raise ValueError("can't parse option '%s'\n" % line)


def fw_address_version(text):
    """parse_address_list (1072-1110): None for an ipset/alias reference, else 4 or 6."""
    if re.match(r"^\+\S+$", text):
        if len(text) > 65:
            raise ValueError("ipset name too long")
        return None
    if re.match(r"^(dc/|guest/)?" + FW_NAME + "$", text):
        if len(text) > 64:
            raise ValueError("alias name too long")
        return None
    elements = text.split(",")
    while elements and elements[-1] == "":
        elements.pop()
    if ",".join(elements) != text:
        raise ValueError("extraneous commas in list")
    version, ranged = None, False
    for element in elements:
        # Net::IP->new; its error text is reproduced for a prefix with host bits set (the usual mistake).
        found = fw_net_ip(element)
        ranged = ranged or "-" in element
        if version and version != found:
            raise ValueError("detected mixed ipv4/ipv6 addresses in address list '%s'" % text)
        version = found
    if ranged and len(elements) > 1:
        raise ValueError("you can't use a range in a list")
    return version


def fw_net_ip(element):
    """Net::IP->new($elem): the IP version, or "invalid IP address: <Net::IP::Error>"."""
    if "-" in element:
        first, last = [part.strip() for part in element.split("-", 1)]
        try:
            begin = ipaddress.ip_address(first)
        except ValueError:
            raise ValueError("invalid IP address: %s" % element)
        try:
            end = ipaddress.ip_address(last)
            if end.version != begin.version:
                raise ValueError(last)
        except ValueError:
            raise ValueError("invalid IP address: Not a valid IPv%d address %s" % (begin.version, last))
        if int(begin) > int(end):
            raise ValueError("invalid IP address: Begin address is greater than End address %s - %s" % (first, last))
        return begin.version
    address, _, prefix = element.partition("/")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise ValueError("invalid IP address: %s" % element)
    if prefix:
        if not prefix.isdigit():
            raise ValueError("invalid IP address: %s" % element)
        if int(prefix) > parsed.max_prefixlen:
            raise ValueError("invalid IP address: Prefix length %s is longer than IP address (%d)"
                             % (prefix, parsed.max_prefixlen))
        try:
            ipaddress.ip_network(element, strict=True)
        except ValueError:
            bits = format(int(parsed), "0%db" % parsed.max_prefixlen)
            raise ValueError("invalid IP address: Invalid prefix %s/%s" % (bits, prefix))
    return parsed.version


def fw_port_list(text, icmp):
    """parse_port_name_number_or_range (1116-1160), with /etc/services and the ICMP type names."""
    elements = text.split(",")
    while elements and elements[-1] == "":
        elements.pop()
    if ",".join(elements) != text:
        raise ValueError("extraneous commas in list")
    count, icmp_name = 0, False
    for item in elements:
        match = re.match(r"^([0-9]+):([0-9]+)$", item)
        if match:
            count += 2
            low, high = int(match.group(1)), int(match.group(2))
            for port in (low, high):
                if port > 65535:
                    raise ValueError("invalid port '%d'" % port)
            if low > high:
                raise ValueError("backwards range '%d:%d' not allowed, did you mean '%d:%d'?" % (low, high, high, low))
        elif re.match(r"^[0-9]+$", item):
            count += 1
            if int(item) > 65535:
                raise ValueError("invalid port '%s'" % item)
        elif icmp and item in FW_ICMP_TYPES:
            icmp_name = True
        elif item not in FW_SERVICES:
            raise ValueError("invalid port '%s'" % item)
    if icmp_name and count > 0:
        raise ValueError("ICMP ports not allowed in port range")
    if count > 15:
        raise ValueError("too many entries in port list (> 15 numbers)")


PERL_WARNINGS = []


def fw_verify_rule(rule, env, cluster, own):
    errors = {}

    def add(param, message):
        errors.setdefault(param, message)

    version = [None]

    def set_version(found):
        # $set_ip_version: dies on a mix; inside verify_rule's evals that is a rule error, outside (the
        # protocol, an alias's version) it ends the rule: the line is warned about and skipped.
        if found:
            if version[0] and version[0] != found:
                raise ValueError("detected mixed ipv4/ipv6 addresses in rule")
            version[0] = found

    rule_type, action = rule.get("type"), rule.get("action")
    if rule_type not in FW_DIRECTIONS[env]:
        add("type", "invalid rule type '%s' for rule_env '%s'" % (rule_type, env))
    if rule_type in ("in", "out", "forward"):
        if action not in ("ACCEPT", "DROP", "REJECT"):
            add("action", "unknown action '%s'" % action)
    elif rule_type == "group" and not re.match("^" + FW_NAME + "$", action):
        add("action", "invalid characters in security group name")
    if rule.get("iface"):
        if not FW_IFACE_ALLOWED[env]:
            add("type", "parameter -i not allowed for this rule type")
        if not re.match(r"^[a-z][a-z0-9_]{1,20}([:\.]\d+)?$", rule["iface"], re.I):
            add("iface", "invalid network interface name '%s'" % rule["iface"])
        if env in ("vm", "ct") and not re.match(r"^net(\d+)$", rule["iface"]):
            add("iface", "value does not match the regex pattern 'net\\d+'")
    if rule.get("macro") and rule["macro"].lower() not in FW_MACROS:
        add("macro", "unknown macro '%s'" % rule["macro"])
    proto = rule.get("proto")
    icmp = proto in ("icmp", "icmpv6", "ipv6-icmp")
    if proto:
        if proto != "icmpv6" and proto not in FW_PROTOCOLS and proto not in FW_PROTOCOL_IDS:
            add("proto", "unknown protocol '%s'" % proto)
        set_version({"icmp": 4, "icmpv6": 6, "ipv6-icmp": 6}.get(proto))
    for key, destination in (("dport", True), ("sport", False)):
        if not rule.get(key):
            continue
        try:
            fw_port_list(rule[key], icmp and destination)
        except ValueError as error:
            add(key, str(error))
        if not proto:
            add("proto", "missing property - '%s' requires this property" % key)
            # Perl's `use warnings` speaks too, when $proto is undef (Firewall.pm:1872/1897 at 6f1311f).
            line = 1872 if key == "dport" else 1897
            PERL_WARNINGS.extend("Use of uninitialized value $proto in %s at /usr/share/perl5/PVE/Firewall.pm line %d.\n"
                                 % (what, line) for what in ("hash element", "concatenation (.) or string"))
        if proto not in FW_PROTOCOLS_WITH_PORTS and not (icmp and destination):
            add(key, "protocol '%s' does not support ports" % (proto or ""))
    for key in ("source", "dest"):
        value = rule.get(key)
        if not value:
            continue
        try:
            set_version(fw_address_version(value))
        except ValueError as error:
            add(key, str(error))
        match = re.match(r"^\+(guest/|dc/|sdn/)?(" + FW_NAME + ")$", value)
        if value.startswith("+"):
            name = match.group(2).lower() if match else None
            if name is None:
                add(key, "invalid ipset name '%s'" % value)
            elif name not in cluster["ipset"] and name not in own.get("ipset", {}):
                add(key, "no such ipset '%s'" % match.group(2))
            continue
        match = re.match(r"^(guest/|dc/)?(" + FW_NAME + ")$", value)
        if not match:
            continue
        scope, alias = match.group(1) or "", match.group(2).lower()
        if alias not in cluster["aliases"] and alias not in own.get("aliases", {}):
            add(key, "no such alias '%s'" % value)
        found = own.get("aliases", {}).get(alias) if scope != "dc/" else None
        if scope != "guest/" and not found:
            found = cluster["aliases"].get(alias)
        set_version(found)
    return errors


def fw_parse_rule(prefix, line, env, cluster, own, warnings):
    original = line
    rule = {}
    match = re.search(r"#\s*(.*?)\s*$", line)
    if match:
        line = line[:match.start()]
    if line.startswith("|"):
        line = line[1:]
    match = re.match(r"^(\S+)\s+(\S+)\s*", line)
    if not match:
        raise ValueError("unable to parse rule: %s" % line)
    rule["type"], rule["action"] = match.group(1).lower(), match.group(2)
    line = line[match.end():]
    if rule["type"] in ("in", "out", "forward"):
        macro = re.match(r"^(\S+)\((ACCEPT|DROP|REJECT)\)$", rule["action"])
        if macro:
            rule["macro"], rule["action"] = macro.group(1), macro.group(2)
    options = [(r"^-i (\S+)\s*", "iface"), (r"^(?:-p|--?proto) (\S+)\s*", "proto"), (r"^--?dport (\S+)\s*", "dport"),
               (r"^--?sport (\S+)\s*", "sport"), (r"^--?source (\S+)\s*", "source"), (r"^--?dest (\S+)\s*", "dest"),
               (r"^--?log (emerg|alert|crit|err|warning|notice|info|debug|nolog)\s*", "log"),
               (r"^--?icmp-type (\S+)\s*", "icmp-type")]
    while line:
        matched = False
        for index, (pattern, key) in enumerate(options):
            if index > 0 and rule["type"] == "group":
                break
            match = re.match(pattern, line)
            if match:
                rule[key], line, matched = match.group(1), line[match.end():], True
                break
        if not matched:
            break
    if line:
        raise ValueError("unable to parse rule parameters: %s" % line)
    del PERL_WARNINGS[:]
    errors = fw_verify_rule(rule, env, cluster, own)
    warnings.extend(PERL_WARNINGS)
    if errors:
        warnings.append("%s - errors in rule parameters: %s\n" % (prefix, original))
        warnings.extend("  %s: %s\n" % (key, message) for key, message in errors.items())
    return rule


def fw_parse_file(state, name, env, cluster, warnings):
    """Returns {options, rules, ipset, aliases, groups}; problems go to warnings, bad lines are dropped."""
    conf = {"options": {}, "rules": [], "ipset": {}, "aliases": {}, "groups": {}}
    path = FW_DIR + "/" + name
    local = state.fs_path("host", path)
    if not os.path.isfile(local):
        return conf
    with open(local, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    section = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip(" \t")
        if line.startswith("#") or not line.strip():
            continue
        prefix = "%s (line %d)" % (path, number)
        lower = line.lower()
        if lower == "[options]":
            section = "options"
            continue
        if lower == "[aliases]":
            section = "aliases"
            continue
        if lower == "[rules]":
            section = "rules"
            continue
        header = re.match(r"^\[(group|ipset)\s+(\S+)\]\s*(?:#\s*(.*?)\s*)?$", line, re.I)
        if header and (header.group(1).lower() == "ipset" or env == "cluster"):
            kind, group = header.group(1).lower(), header.group(2).lower()
            limit = 18 if kind == "group" else 64
            if len(group) > limit or not re.match("^" + FW_NAME + "$", group):
                warnings.append("%s: invalid %s name '%s'\n" % (prefix, "security group" if kind == "group" else kind, group))
                section = None
                continue
            section = "groups" if kind == "group" else "ipset"
            conf[section][group] = []
            continue
        if section is None:
            warnings.append("%s: skip line - no section\n" % prefix)
            continue
        try:
            if section == "options":
                key, value = fw_parse_option(line, env)
                conf["options"][key] = value
            elif section == "aliases":
                match = re.match(r"^(\S+)\s(\S+)$", re.sub(r"\s*#\s*(.*?)\s*$", "", line))
                if match:
                    conf["aliases"][match.group(1).lower()] = 6 if ":" in match.group(2) else 4
            elif section == "rules":
                conf["rules"].append(fw_parse_rule(prefix, line, env, cluster or conf, conf, warnings))
            elif section == "groups":
                conf["groups"][group].append(fw_parse_rule(prefix, line, "group", cluster or conf, {}, warnings))
            elif section == "ipset":
                conf["ipset"][group].append(line)
        except ValueError as error:
            warnings.append("%s: %s\n" % (prefix, str(error).rstrip("\n")))
    return conf


def pve_firewall_compile(state):
    """pve_firewall.pm compile (208-270): load cluster.fw and the local guests' <id>.fw verbosely, print."""
    warnings = []
    cluster = fw_parse_file(state, "cluster.fw", "cluster", None, warnings)
    for key in sorted(state.load("guests.json", {}), key=lambda k: int(k.split(" ")[1])):
        kind, vmid = key.split(" ")
        fw_parse_file(state, "%s.fw" % vmid, "ct" if kind == "lxc" else "vm", cluster, warnings)
    out = "ipset cmdlist:\n\niptables cmdlist:\n\nip6tables cmdlist:\n\nebtables cmdlist:\n\n" \
          "iptables table raw cmdlist:\n\nip6tables table raw cmdlist:\nno changes\n"
    if not str(cluster["options"].get("enable", "0")).strip("0"):
        out += "firewall disabled\n"
    return 0, out, "".join(warnings)
"""#
}
