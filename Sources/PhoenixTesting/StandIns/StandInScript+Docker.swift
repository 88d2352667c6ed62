extension StandInScript {
    /// Python: `docker` (swarm, nodes, networks, stacks, secrets) over state/docker.json.
    static let docker = #"""


# -- docker: one swarm shared by every location, kept in state/docker.json ---------------------------
NOT_MANAGER = ("Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or "
               "\"docker swarm join\" to connect this node to swarm and try again.\n")


def docker_state(state):
    value = state.load("docker.json", {})
    for key, default in (("swarm_active", False), ("control_available", False), ("manager_address", None),
                         ("join_tokens", {}), ("nodes", []), ("networks", []), ("stacks", []),
                         ("secrets", []), ("service_updates", []), ("hostnames", {})):
        value.setdefault(key, default)
    return value


def short_id(seed):
    return hashlib.sha256(seed.encode()).hexdigest()[:25]


def find_node(swarm, reference):
    for node in swarm["nodes"]:
        if reference in (node.get("id"), node.get("hostname")):
            return node
    return None


def node_row(node, location):
    return {"ID": node["id"], "Hostname": node["hostname"], "Status": node.get("status", "Ready"),
            "Availability": node.get("availability", "Active"), "ManagerStatus": node.get("manager_status", ""),
            "EngineVersion": "24.0.7", "Self": node.get("location") == location, "TLSStatus": "Ready"}


def node_object(node):
    return {"ID": node["id"], "Description": {"Hostname": node["hostname"]},
            "Spec": {"Labels": node.get("labels", {}), "Role": node.get("role", "worker"),
                     "Availability": node.get("availability", "Active").lower()},
            "Status": {"State": node.get("status", "Ready").lower(), "Addr": node.get("address", "")},
            "ManagerStatus": ({"Leader": node.get("manager_status") == "Leader",
                               "Reachability": "reachable", "Addr": node.get("address", "") + ":2377"}
                              if node.get("role") == "manager" else None)}


def emit(objects, template, default):
    if template is None:
        return default(objects)
    return "".join(go_format(template, obj) + "\n" for obj in objects)


def docker(state, location, args, stdin):
    swarm = docker_state(state)
    positional, options = split_options(args, {"format", "f", "filter", "label-add", "label-rm", "driver", "d",
                                               "scope", "compose-file", "c", "advertise-addr", "token",
                                               "availability", "role", "listen-addr"})
    multi = lambda flag: [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--" + flag or a == "-" + flag]
    template = options.get("format") or options.get("f")
    flags = {a for a in args if a.startswith("-") and "=" not in a}
    words = [p for p in positional if not p.startswith("-") or p == "-"]
    if not words:
        return 1, "", "docker: 'docker --help' for usage\n"
    group = words[0]
    sub = words[1] if len(words) > 1 else ""
    names = words[2:]
    manager_only = (group in ("node", "stack", "secret", "service")
                    or (group == "swarm" and sub == "join-token")
                    or (group == "network" and sub == "create" and options.get("driver", options.get("d")) == "overlay"))
    if manager_only and not swarm["control_available"]:
        return 1, "", NOT_MANAGER

    if group == "version":
        return 0, (go_format(template, {"Server": {"Version": "24.0.7"}}) if template else "24.0.7") + "\n", ""
    if group == "info":
        info = {"Swarm": {"LocalNodeState": "active" if swarm["swarm_active"] else "inactive",
                          "ControlAvailable": swarm["control_available"],
                          "NodeAddr": swarm["manager_address"] or "", "Cluster": {"ID": short_id("cluster")}},
                "ServerVersion": "24.0.7", "Name": location.replace(" ", "")}
        return 0, (go_format(template, info) + "\n") if template else "Swarm: %s\n" % info["Swarm"]["LocalNodeState"], ""

    if group == "swarm":
        return docker_swarm(state, swarm, location, sub, names, options, flags)
    if group == "node":
        return docker_node(state, swarm, location, sub, names, options, multi, template, flags)
    if group == "network":
        return docker_network(state, swarm, sub, names, options, template, flags)
    if group == "stack":
        return docker_stack(state, swarm, location, sub, names, options, multi, template, flags)
    if group == "secret":
        return docker_secret(state, swarm, sub, names, stdin, template)
    if group == "service" and sub == "update":
        swarm["service_updates"].append(names[-1])
        state.save("docker.json", swarm)
        return 0, names[-1] + "\n", ""
    return 0, "", ""


def docker_swarm(state, swarm, location, sub, names, options, flags):
    if sub == "init":
        if swarm["swarm_active"] and "--force-new-cluster" not in flags:
            return 1, "", "Error response from daemon: This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.\n"
        address = options.get("advertise-addr", "127.0.0.1")
        swarm.update(swarm_active=True, control_available=True, manager_address=address,
                     join_tokens={"worker": "SWMTKN-1-" + short_id("worker") + "-worker",
                                  "manager": "SWMTKN-1-" + short_id("manager") + "-manager"})
        node = next((n for n in swarm["nodes"] if n.get("location") == location), None)
        if node is None:
            node = {"id": short_id(location), "hostname": swarm["hostnames"].get(location, location.replace(" ", "")),
                    "labels": {}, "location": location}
            swarm["nodes"].append(node)
        node.update(role="manager", status="Ready", availability="Active", manager_status="Leader", address=address)
        state.save("docker.json", swarm)
        return 0, "Swarm initialized: current node (%s) is now a manager.\n" % node["id"], ""
    if sub == "join-token":
        role = names[-1] if names else "worker"
        return 0, swarm["join_tokens"].get(role, "") + "\n", ""
    if sub == "join":
        token = options.get("token", "")
        role = next((r for r, t in swarm["join_tokens"].items() if t == token), None)
        if role is None:
            return 1, "", "Error response from daemon: invalid join token\n"
        if any(n.get("location") == location for n in swarm["nodes"]):
            # The daemon refuses to join a node that is already part of a swarm (moby ErrSwarmExists).
            return 1, "", "Error response from daemon: This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.\n"
        swarm["nodes"] = [n for n in swarm["nodes"] if n.get("location") != location]
        swarm["nodes"].append({"id": short_id(location), "location": location, "role": role, "status": "Ready",
                               "availability": "Active", "manager_status": "Reachable" if role == "manager" else "",
                               "hostname": swarm["hostnames"].get(location, location.replace(" ", "")),
                               "labels": {}, "address": ""})
        state.save("docker.json", swarm)
        return 0, "This node joined a swarm as a %s.\n" % role, ""
    if sub == "leave":
        swarm["nodes"] = [n for n in swarm["nodes"] if n.get("location") != location]
        state.save("docker.json", swarm)
        return 0, "Node left the swarm.\n", ""
    return 0, "", ""


def docker_node(state, swarm, location, sub, names, options, multi, template, flags):
    if sub == "ls":
        rows = [node_row(n, location) for n in swarm["nodes"]]
        for spec in multi("filter"):
            key, _, value = spec.partition("=")
            if key == "name":
                rows = [r for r in rows if value in r["Hostname"]]
            elif key == "role":
                rows = [r for r in rows if find_node(swarm, r["ID"]).get("role") == value]
            elif key == "id":
                rows = [r for r in rows if r["ID"].startswith(value)]
        if "-q" in flags or "--quiet" in flags:
            return 0, "".join(r["ID"] + "\n" for r in rows), ""
        header = "ID                          HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n"
        table = lambda objs: header + "".join("%s   %s   %s   %s   %s   %s\n" % (
            o["ID"], o["Hostname"], o["Status"], o["Availability"], o["ManagerStatus"], o["EngineVersion"]) for o in objs)
        return 0, emit(rows, template, table), ""
    if sub == "inspect":
        objects = []
        for name in [n for n in names if not n.startswith("-")]:
            node = find_node(swarm, name)
            if node is None:
                return 1, "", "Error: No such node: %s\n" % name
            objects.append(node_object(node))
        return 0, emit(objects, template, lambda objs: json.dumps(objs, indent=4) + "\n"), ""
    if sub == "update":
        target = names[-1] if names else ""
        node = find_node(swarm, target)
        if node is None:
            return 1, "", "Error: No such node: %s\n" % target
        # docker/cli node/update.go: --label-add is applied before --label-rm, and a missing key is the
        # client's own error (no "Error response from daemon:" prefix); nothing is sent on error.
        labels = dict(node.get("labels", {}))
        for spec in multi("label-add"):
            key, _, value = spec.partition("=")
            labels[key] = value
        for key in multi("label-rm"):
            if key not in labels:
                return 1, "", "key %s doesn't exist in node's labels\n" % key
            del labels[key]
        node["labels"] = labels
        if "availability" in options:
            node["availability"] = options["availability"].capitalize()
        state.save("docker.json", swarm)
        return 0, node["id"] + "\n", ""
    return 0, "", ""


def docker_network(state, swarm, sub, names, options, template, flags):
    if sub == "inspect":
        objects = []
        for name in names:
            network = next((n for n in swarm["networks"] if name in (n["name"], n.get("id"))), None)
            if network is None:
                return 1, "[]\n", "Error: No such network: %s\n" % name
            objects.append({"Name": network["name"], "Id": network["id"], "Driver": network["driver"],
                            "Scope": network["scope"], "Attachable": network["attachable"], "Labels": {}})
        return 0, emit(objects, template, lambda objs: json.dumps(objs, indent=4) + "\n"), ""
    if sub == "create":
        name = names[-1]
        if any(n["name"] == name for n in swarm["networks"]):
            return 1, "", "Error response from daemon: network with name %s already exists\n" % name
        driver = options.get("driver", options.get("d", "bridge"))
        network = {"name": name, "id": short_id("net-" + name), "driver": driver,
                   "scope": "swarm" if driver == "overlay" else options.get("scope", "local"),
                   "attachable": "--attachable" in flags}
        swarm["networks"].append(network)
        state.save("docker.json", swarm)
        return 0, network["id"] + "\n", ""
    if sub == "ls":
        rows = [{"ID": n["id"][:12], "Name": n["name"], "Driver": n["driver"], "Scope": n["scope"]}
                for n in swarm["networks"]]
        return 0, emit(rows, template, lambda objs: "".join("%s %s %s %s\n" % (
            o["ID"], o["Name"], o["Driver"], o["Scope"]) for o in objs)), ""
    if sub == "rm":
        swarm["networks"] = [n for n in swarm["networks"] if n["name"] not in names]
        state.save("docker.json", swarm)
        return 0, "".join(n + "\n" for n in names), ""
    return 0, "", ""


def docker_stack(state, swarm, location, sub, names, options, multi, template, flags):
    if sub == "deploy":
        files = multi("compose-file") + multi("c")
        for path in files:
            local = state.fs_path(location, path) if path.startswith("/") else path
            if not os.path.isfile(local):
                return 1, "", "open %s: no such file or directory\n" % path
        name = names[-1]
        stack = next((s for s in swarm["stacks"] if s["name"] == name), None)
        created = stack is None
        if created:
            stack = {"name": name, "deploy_count": 0}
            swarm["stacks"].append(stack)
        stack.update(compose_files=files, with_registry_auth="--with-registry-auth" in flags,
                     prune="--prune" in flags, deploy_count=stack["deploy_count"] + 1)
        state.save("docker.json", swarm)
        verb = "Creating" if created else "Updating"
        return 0, "%s service %s_service\n" % (verb, name), ""
    if sub == "ls":
        rows = [{"Name": s["name"], "Services": "1", "Orchestrator": "Swarm"} for s in swarm["stacks"]]
        return 0, emit(rows, template, lambda objs: "NAME SERVICES ORCHESTRATOR\n" + "".join(
            "%s %s %s\n" % (o["Name"], o["Services"], o["Orchestrator"]) for o in objs)), ""
    if sub == "rm":
        out = ""
        for name in names:
            if any(s["name"] == name for s in swarm["stacks"]):
                out += "Removing service %s_service\n" % name
            else:
                out += "Nothing found in stack: %s\n" % name
        swarm["stacks"] = [s for s in swarm["stacks"] if s["name"] not in names]
        state.save("docker.json", swarm)
        return 0, out, ""
    return 0, "", ""


def docker_secret(state, swarm, sub, names, stdin, template):
    if sub == "create":
        name = names[0]
        if any(s["name"] == name for s in swarm["secrets"]):
            return 1, "", "Error response from daemon: rpc error: code = AlreadyExists desc = secret %s already exists\n" % name
        size = len(stdin) if len(names) < 2 or names[1] == "-" else 0
        secret = {"name": name, "id": short_id("secret-" + name), "bytes": size,
                  "digest": hashlib.sha256(stdin).hexdigest()}
        swarm["secrets"].append(secret)
        state.save("docker.json", swarm)
        return 0, secret["id"] + "\n", ""
    if sub == "rm":
        for name in names:
            if not any(s["name"] == name for s in swarm["secrets"]):
                return 1, "", "Error: No such secret: %s\n" % name
        swarm["secrets"] = [s for s in swarm["secrets"] if s["name"] not in names]
        state.save("docker.json", swarm)
        return 0, "".join(n + "\n" for n in names), ""
    if sub in ("ls", "inspect"):
        rows = [{"ID": s["id"], "Name": s["name"]} for s in swarm["secrets"]
                if sub == "ls" or s["name"] in names]
        if sub == "inspect" and len(rows) < len(names):
            return 1, "", "Error: No such secret: %s\n" % names[0]
        return 0, emit(rows, template, lambda objs: "".join("%s %s\n" % (o["ID"], o["Name"]) for o in objs)), ""
    return 0, "", ""
"""#
}
