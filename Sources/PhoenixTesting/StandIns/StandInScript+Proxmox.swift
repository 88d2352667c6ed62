extension StandInScript {
    /// Python: `pct` and `qm`.
    static let proxmox = #"""


# -- pct ---------------------------------------------------------------------------------------------
NODE = "pve"


def missing_guest(kind, vmid):
    folder = "lxc" if kind == "lxc" else "qemu-server"
    return Exit(255, err="Configuration file 'nodes/%s/%s/%s.conf' does not exist\n" % (NODE, folder, vmid))


def split_options(args, flags_with_values):
    """Positional arguments and --option values (both --opt v and --opt=v)."""
    positional, options, index = [], {}, 0
    while index < len(args):
        arg = args[index]
        if arg.startswith("--") and "=" in arg:
            key, value = arg[2:].split("=", 1)
            options[key] = value
        elif arg.startswith("-") and arg.lstrip("-") in flags_with_values and index + 1 < len(args):
            options[arg.lstrip("-")] = args[index + 1]
            index += 1
        else:
            positional.append(arg)
        index += 1
    return positional, options


def pct(state, argv):
    if not argv:
        raise Exit(255, err="ERROR: no command specified\n")
    command, args = argv[0], argv[1:]
    if command == "status":
        vmid = args[0]
        status = state.guest_state("lxc", vmid)
        if status == "missing":
            raise missing_guest("lxc", vmid)
        raise Exit(0, "status: %s\n" % status)
    if command == "config":
        return guest_config(state, "lxc", args[0])
    if command == "list":
        guests = state.load("guests.json", {})
        rows = ["VMID       Status     Lock         Name"]
        for key in sorted(guests):
            kind, vmid = key.split(" ")
            if kind == "lxc":
                rows.append("%-10s %-10s %-12s %s" % (vmid, guests[key], "", "ct" + vmid))
        raise Exit(0, "\n".join(rows) + "\n")
    if command in ("push", "pull"):
        positional, options = split_options(args, {"perms", "user", "group"})
        vmid, source, target = positional[0], positional[1], positional[2]
        status = state.guest_state("lxc", vmid)
        if status == "missing":
            raise missing_guest("lxc", vmid)
        if status != "running":
            raise Exit(255, err="can only push files to a running CT\n" if command == "push"
                       else "can only pull files from a running VM\n")
        location = "lxc " + vmid
        # The copy runs as a PVE task (pct.pm fork_worker 'pull_file'/'push_file'): an error inside it is
        # printed on stderr by tee_worker and the CLI still exits 0 (RESTEnvironment.pm, CLIHandler.pm).
        if command == "push":
            local = state.fs_path(location, target)
            if not os.path.isdir(os.path.dirname(local)):
                raise Exit(0, err="failed to create file: %s: No such file or directory\n" % target)
            shutil.copyfile(source, local)
            if "perms" in options:
                os.chmod(local, int(options["perms"], 8))
            owner = options.get("user")
            if owner is not None and options.get("group") is not None:
                owner += ":" + options["group"]
            state.set_meta(location, target, mode=options.get("perms"), owner=owner)
            raise Exit(0)
        # pull: like the real tool, the destination is created before the source is opened.
        open(target, "wb").close()
        local = state.fs_path(location, source)
        if not os.path.isfile(local):
            raise Exit(0, err="failed to open %s: No such file or directory\n" % source)
        shutil.copyfile(local, target)
        raise Exit(0)
    if command == "exec":
        vmid = args[0]
        inner = args[2:] if len(args) > 1 and args[1] == "--" else args[1:]
        status = state.guest_state("lxc", vmid)
        if status == "missing":
            raise missing_guest("lxc", vmid)
        if status != "running":
            # pct.pm exec: dies before lxc-attach; run_cli_handler exits 255 on a die.
            raise Exit(255, err="container '%s' not running!\n" % vmid)
        stdin = read_stdin()
        missing = missing_tool(state, "lxc " + vmid, inner)
        if missing is not None:
            # lxc-attach's child cannot exec the program: exit 127.
            raise Exit(127, err='lxc-attach: %s: attach.c: lxc_attach_run_command: 1841 No such file or directory - '
                                'Failed to exec "%s"\n' % (vmid, missing))
        rule = state.take_rule("pct", argv, inner)
        if rule is not None:
            raise Exit(rule.get("guest_exit_code", 0), rule.get("guest_stdout", ""), rule.get("guest_stderr", ""))
        code, out, err = run_in(state, "lxc " + vmid, inner, stdin)
        sys.stdout.buffer.write(out)
        sys.stderr.buffer.write(err)
        raise Exit(code)
    raise Exit(0)


# -- qm ----------------------------------------------------------------------------------------------
def qm(state, argv):
    if not argv:
        raise Exit(255, err="ERROR: no command specified\n")
    command, args = argv[0], argv[1:]
    if command == "status":
        vmid = args[0]
        status = state.guest_state("vm", vmid)
        if status == "missing":
            raise missing_guest("vm", vmid)
        raise Exit(0, "status: %s\n" % status)
    if command == "list":
        guests = state.load("guests.json", {})
        rows = ["      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID"]
        for key in sorted(guests):
            kind, vmid = key.split(" ")
            if kind == "vm":
                rows.append("%10s %-20s %-10s %-10s %12.2f %-10s" % (vmid, "vm" + vmid, guests[key], 2048, 32, 0))
        raise Exit(0, "\n".join(rows) + "\n")
    if command == "config":
        return guest_config(state, "vm", args[0])
    if command == "guest" and args and args[0] == "exec":
        return qm_guest_exec(state, argv, args[1:])
    if command == "guest" and args and args[0] == "cmd":
        vmid = args[1]
        if state.guest_state("vm", vmid) == "missing":
            raise missing_guest("vm", vmid)
        raise Exit(0)
    raise Exit(0)


def qm_guest_exec(state, argv, args):
    if "--" in args:
        split = args.index("--")
        head, inner = args[:split], args[split + 1:]
    else:
        head, inner = args[:1], args[1:]
    positional, options = split_options(head, {"timeout", "pass-stdin", "synchronous"})
    vmid = positional[0]
    status = state.guest_state("vm", vmid)
    if status == "missing":
        raise missing_guest("vm", vmid)
    if status != "running":
        raise Exit(255, err="VM %s is not running\n" % vmid)
    stdin = read_stdin() if options.get("pass-stdin") in ("1", "true") else b""
    if len(stdin) > 1024 * 1024:
        raise Exit(255, err="'input-data' (STDIN) is limited to 1 MiB, aborting\n")
    missing = missing_tool(state, "vm " + vmid, inner)
    if missing is not None:
        # qemu-ga's guest-exec fails to spawn; Agent.pm check_agent_error dies with "Agent error: <desc>".
        raise Exit(255, err="Agent error: Failed to execute child process \u201c%s\u201d (No such file or directory)\n"
                   % missing)
    rule = state.take_rule("qm", argv, inner)
    if rule is not None and rule.get("guest_timeout"):
        # What qm prints when the command outlives --timeout: the pid, no exit code.
        raise Exit(0, qm_json({"pid": 4242}), "timeout reached, returning pid\n")
    reply = {"exited": 1}
    if rule is not None:
        code, out, err = rule.get("guest_exit_code", 0), rule.get("guest_stdout", ""), rule.get("guest_stderr", "")
        out, err = out.encode("utf-8"), err.encode("utf-8")
        if rule.get("guest_signal") is not None:
            reply["signal"] = rule["guest_signal"]
            code = None
    else:
        code, out, err = run_in(state, "vm " + vmid, inner, stdin)
    if code is not None:
        reply["exitcode"] = code
    # qemu-ga keeps at most 16 MiB of each stream and says so (out-truncated / err-truncated).
    for key, data in (("out", out), ("err", err)):
        if len(data) > QGA_MAX_OUTPUT:
            data = data[:QGA_MAX_OUTPUT]
            reply[key + "-truncated"] = 1
        if data:
            # Agent.pm decodes base64 into a byte string; qm.pm prints it with to_json(utf8 => 1), so every
            # byte becomes its own code point, UTF-8 encoded (qemu-server >= 7.2-4).
            reply[key + "-data"] = data.decode("latin-1")
    raise Exit(0, qm_json(reply))


def qm_json(value):
    """Perl JSON's to_json(…, {pretty => 1, canonical => 1, utf8 => 1}) as qm.pm:1311 prints it: 3-space
    indent, " : ", sorted keys, UTF-8 (byte-identical; checked against libjson-perl)."""
    text = json.dumps(value, indent=3, sort_keys=True, ensure_ascii=False, separators=(",", " : ")) + "\n"
    return text.encode("utf-8")


QGA_MAX_OUTPUT = 16 * 1024 * 1024


def guest_config(state, kind, vmid):
    """`pct config` / `qm config`: "key: value" lines; the test's text (setGuestConfig), else one NIC with
    firewall=1 (pve-docs pct.conf/qm.conf format; not among the review's sources)."""
    if state.guest_state(kind, vmid) == "missing":
        raise missing_guest(kind, vmid)
    text = state.load("guest_configs.json", {}).get("%s %s" % (kind, vmid))
    if text is None:
        nic = "name=eth0,bridge=vmbr0,firewall=1,type=veth" if kind == "lxc" else "virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1"
        text = "hostname: guest%s\nnet0: %s\n" % (vmid, nic)
    raise Exit(0, text)


def missing_tool(state, location, inner):
    """The program of `inner` when the test declared it absent at that location (missing_tools.json)."""
    if not inner:
        return None
    name = os.path.basename(inner[0])
    return name if name in state.load("missing_tools.json", {}).get(location, []) else None
"""#
}
