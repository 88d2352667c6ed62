extension StandInScript {
    /// Python: `systemctl`, `pve-firewall`, `step`, and the entry point.
    static let services = #"""


# -- systemctl (per location) and pve-firewall ---------------------------------------------------------
def systemctl(state, location, args):
    services = state.load("services.json", {})
    units = services.setdefault(location, {})
    words = [a for a in args if not a.startswith("-")]
    if not words:
        return 0, "", ""
    verb, names = words[0], [n[:-len(".service")] if n.endswith(".service") else n for n in words[1:]]
    if verb == "daemon-reload":
        return 0, "", ""

    def unit(name):
        return units.setdefault(name, {"active": False, "enabled": False, "starts": 0, "stops": 0,
                                       "restarts": 0, "reloads": 0})

    if verb == "is-active":
        active = all(unit(n)["active"] for n in names)
        state.save("services.json", services)
        return (0 if active else 3), "".join(("active" if unit(n)["active"] else "inactive") + "\n" for n in names), ""
    if verb == "is-enabled":
        enabled = all(unit(n)["enabled"] for n in names)
        state.save("services.json", services)
        return (0 if enabled else 1), "".join(("enabled" if unit(n)["enabled"] else "disabled") + "\n" for n in names), ""
    for name in names:
        record = unit(name)
        if verb == "start":
            record["starts"] += 0 if record["active"] else 1
            record["active"] = True
        elif verb == "stop":
            record["stops"] += 1 if record["active"] else 0
            record["active"] = False
        elif verb in ("restart", "try-restart", "reload-or-restart"):
            if verb == "try-restart" and not record["active"]:
                continue
            record["restarts"] += 1
            record["active"] = True
        elif verb == "reload":
            if not record["active"]:
                state.save("services.json", services)
                return 1, "", "%s.service is not active, cannot reload.\n" % name
            record["reloads"] += 1
        elif verb in ("enable", "disable"):
            record["enabled"] = verb == "enable"
            if "--now" in args:
                record["active"] = verb == "enable"
        elif verb == "status":
            state.save("services.json", services)
            text = "* %s.service\n     Active: %s\n" % (name, "active (running)" if record["active"] else "inactive (dead)")
            return (0 if record["active"] else 3), text, ""
    state.save("services.json", services)
    return 0, "", ""


def pve_firewall(state, args):
    verb = args[0] if args else ""
    if verb == "compile":
        return pve_firewall_compile(state)
    if verb == "status":
        running = systemctl(state, "host", ["is-active", "pve-firewall"])[0] == 0
        return 0, "Status: enabled/%s\n" % ("running" if running else "stopped"), ""
    if verb in ("start", "stop", "restart"):
        return systemctl(state, "host", [verb, "pve-firewall"])
    return 0, "", ""


# -- step (the smallstep CLI): fake PEMs whose body is base64 JSON, not DER ---------------------------
def host_path(state, path):
    return state.fs_path("host", path) if path.startswith("/") else path


def read_fake_certificate(state, path):
    local = host_path(state, path)
    if not os.path.isfile(local):
        return None
    with open(local) as handle:
        body = "".join(line for line in handle.read().splitlines() if not line.startswith("-----"))
    try:
        return json.loads(base64.b64decode(body))
    except ValueError:
        raise Exit(255, err="error parsing %s: not a stand-in certificate\n" % path)


def step(state, args):
    positional, options = split_options(args, {"san", "not-after", "not-before", "provisioner",
                                               "provisioner-password-file", "password-file", "ca-url", "root",
                                               "fingerprint", "format", "expires-in", "kty", "curve", "token"})
    multi = lambda flag: [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--" + flag]
    words = [p for p in positional if not p.startswith("-")]
    flags = {a for a in args if a.startswith("-")}
    if words[:2] == ["ca", "certificate"]:
        subject, crt, key = words[2], words[3], words[4]
        for path in (crt, key):
            if os.path.exists(host_path(state, path)) and "--force" not in flags and "-f" not in flags:
                return 1, "", "error: %s already exists (use --force)\n" % path
        lifetime = parse_duration(options.get("not-after", "24h"))
        start = now_utc()
        issued = state.load("step.json", {"issued": 0})
        issued["issued"] += 1
        state.save("step.json", issued)
        certificate = {"subject": subject, "sans": multi("san") or [subject], "serial": issued["issued"],
                       "not_before": start.isoformat().replace("+00:00", "Z"),
                       "not_after": (start + datetime.timedelta(seconds=lifetime)).isoformat().replace("+00:00", "Z")}
        body = base64.b64encode(json.dumps(certificate, sort_keys=True).encode()).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        for path, kind, content in ((crt, "CERTIFICATE", lines),
                                    (key, "EC PRIVATE KEY", [base64.b64encode(os.urandom(32)).decode()])):
            local = host_path(state, path)
            os.makedirs(os.path.dirname(local) or ".", exist_ok=True)
            with open(local, "w") as handle:
                handle.write("-----BEGIN %s-----\n%s\n-----END %s-----\n" % (kind, "\n".join(content), kind))
        return 0, "", "Your certificate has been saved in %s.\nYour private key has been saved in %s.\n" % (crt, key)
    if words[:2] == ["certificate", "inspect"]:
        cert = read_fake_certificate(state, words[2])
        if cert is None:
            return 255, "", "open %s: no such file or directory\n" % words[2]
        dns = [s for s in cert["sans"] if not re.match(r"^[0-9.:]+$", s)]
        ips = [s for s in cert["sans"] if re.match(r"^[0-9.:]+$", s)]
        inspected = {"serial_number": str(cert["serial"]), "subject": {"common_name": [cert["subject"]]},
                     "subject_dn": "CN=" + cert["subject"], "issuer_dn": "CN=Phoenix Stand-in Intermediate CA",
                     "validity": {"start": cert["not_before"], "end": cert["not_after"]},
                     "extensions": {"subject_alt_name": {"dns_names": dns, "ip_addresses": ips}}}
        if options.get("format") == "json":
            return 0, json.dumps(inspected, indent=2) + "\n", ""
        return 0, "Certificate:\n    Subject: CN=%s\n    Validity:\n        Not After : %s\n" % (
            cert["subject"], cert["not_after"]), ""
    if words[:2] == ["certificate", "needs-renewal"]:
        cert = read_fake_certificate(state, words[2])
        if cert is None:
            return 2, "", "certificate %s does not exist\n" % words[2]
        end = datetime.datetime.fromisoformat(cert["not_after"].replace("Z", "+00:00"))
        begin = datetime.datetime.fromisoformat(cert["not_before"].replace("Z", "+00:00"))
        remaining = (end - now_utc()).total_seconds()
        threshold = parse_duration(options["expires-in"]) if "expires-in" in options else (end - begin).total_seconds() / 3
        if remaining <= threshold:
            return 0, "", ""
        return 1, "", "certificate does not need renewal\n"
    if words[:2] == ["certificate", "fingerprint"]:
        local = host_path(state, words[2])
        if not os.path.isfile(local):
            return 1, "", "open %s: no such file or directory\n" % words[2]
        with open(local, "rb") as handle:
            return 0, hashlib.sha256(handle.read()).hexdigest() + "\n", ""
    if words[:2] == ["ca", "bootstrap"]:
        defaults = host_path(state, "/root/.step/config/defaults.json")
        if os.path.exists(defaults) and "--force" not in flags:
            return 1, "", "error: %s already exists (use --force)\n" % "/root/.step/config/defaults.json"
        os.makedirs(os.path.dirname(defaults), exist_ok=True)
        with open(defaults, "w") as handle:
            json.dump({"ca-url": options.get("ca-url", ""), "fingerprint": options.get("fingerprint", ""),
                       "root": "/root/.step/certs/root_ca.crt"}, handle, indent=2)
        return 0, "", "The root certificate has been saved in /root/.step/certs/root_ca.crt.\n"
    if words[:2] == ["ca", "health"]:
        return 0, "ok\n", ""
    return 0, "", ""


# -- pvesh (cluster stand-in) ----------------------------------------------------------------------
def pvesh(state, argv):
    """`pvesh get /cluster/resources --type vm --output-format json` from the shared cluster file.

    pve-manager PVE/API2/Cluster.pm (resources) and PVE/API2Tools.pm extract_vm_stats: one entry per
    guest with id "<type>/<vmid>", vmid, node, type ("lxc"/"qemu") and status, which stays "unknown"
    when the owning node sends no status (offline)."""
    words = list(argv)
    if words[:2] != ["get", "/cluster/resources"] or "--type" not in words or \
            words[words.index("--type") + 1] != "vm":
        return 2, "", "stand-in pvesh: only 'get /cluster/resources --type vm' is stood in for\n"
    cluster_path = state.load("cluster_path.json", None)
    cluster = {"guests": {}, "offline": []}
    if cluster_path:
        with open(cluster_path) as handle:
            cluster = json.load(handle)
    entries = []
    for key, guest in sorted(cluster["guests"].items()):
        kind, vmid = key.split(" ")
        ptype = "lxc" if kind == "lxc" else "qemu"
        status = "unknown" if guest["node"] in cluster.get("offline", []) else guest["status"]
        entries.append({"id": "%s/%s" % (ptype, vmid), "vmid": int(vmid), "node": guest["node"],
                        "type": ptype, "status": status, "name": guest.get("name", "guest%s" % vmid)})
    return 0, json.dumps(entries, sort_keys=True, separators=(",", ":")) + "\n", ""


# -- entry point -------------------------------------------------------------------------------------
def main(tool, home):
    argv = sys.argv[1:]
    state = State(home)
    state.log(tool, argv)
    code, out, err = 0, b"", b""
    global NODE
    NODE = state.load("node.json", NODE)
    try:
        apply_tool_rule(state.take_rule(tool, argv))
        if tool == "pvesh":
            code, out, err = as_bytes(pvesh(state, argv))
        elif tool == "pct":
            pct(state, argv)
        elif tool == "qm":
            qm(state, argv)
        else:
            stdin = read_stdin() if tool == "docker" and "-" in argv else b""
            handlers = {"docker": lambda: docker(state, "host", argv, stdin),
                        "systemctl": lambda: systemctl(state, "host", argv),
                        "pve-firewall": lambda: pve_firewall(state, argv),
                        "step": lambda: step(state, argv)}
            code, out, err = as_bytes(handlers[tool]())
    except Exit as done:
        code, out, err = done.code, done.out, done.err
        out = out.encode() if isinstance(out, str) else out
        err = err.encode() if isinstance(err, str) else err
    sys.stdout.buffer.write(out)
    sys.stderr.buffer.write(err)
    sys.stdout.flush()
    sys.exit(code)
"""#
}
