extension StandInScript {
    /// Python: commands emulated inside a location (cat, mkdir, mv, rm, find, the VM write script, ...).
    static let guest = #"""


# -- commands inside a location (pct exec, qm guest exec, and the host tools) -----------------------
def run_in(state, location, argv, stdin):
    """Emulates argv at a location; returns (exit code, stdout bytes, stderr bytes). Runs nothing."""
    if not argv:
        return 1, b"", b"missing command\n"
    name = os.path.basename(argv[0])
    args = argv[1:]
    try:
        if name == "cat":
            return guest_cat(state, location, args)
        if name == "sha256sum":
            return guest_sha256sum(state, location, args)
        if name == "mkdir":
            for path in [a for a in args if not a.startswith("-")]:
                os.makedirs(state.fs_path(location, path), exist_ok=True)
            return 0, b"", b""
        if name == "mv":
            return guest_mv(state, location, [a for a in args if a not in ("-f", "--")])
        if name == "rm":
            for path in [a for a in args if not a.startswith("-")]:
                local = state.fs_path(location, path)
                if os.path.lexists(local) and not os.path.isdir(local):
                    os.unlink(local)
            return 0, b"", b""
        if name == "find":
            return guest_find(state, location, args)
        if name == "chmod":
            mode, paths = args[0], args[1:]
            for path in paths:
                os.chmod(state.fs_path(location, path), int(mode, 8))
            return 0, b"", b""
        if name == "chown":
            owner, paths = args[0], args[1:]
            for path in paths:
                state.set_meta(location, path, owner=owner)
            return 0, b"", b""
        if name == "test" and len(args) == 2 and args[0] in ("-e", "-f", "-d"):
            local = state.fs_path(location, args[1])
            check = {"-e": os.path.exists, "-f": os.path.isfile, "-d": os.path.isdir}[args[0]]
            return (0 if check(local) else 1), b"", b""
        if name == "sh" and len(args) >= 2 and args[0] == "-c" and args[1] == WRITE_SCRIPT:
            return guest_write(state, location, args[3:], stdin)
        if name == "docker":
            return as_bytes(docker(state, location, args, stdin))
        if name == "systemctl":
            return as_bytes(systemctl(state, location, args))
        if name == "nginx" and "-t" in args:
            return 0, b"", b"nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n" \
                b"nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
    except Exit as done:
        return done.code, done.out.encode(), done.err.encode()
    # Anything else: recorded by the caller, runs nothing, succeeds silently.
    return 0, b"", b""


def as_bytes(answer):
    code, out, err = answer
    return code, out.encode() if isinstance(out, str) else out, err.encode() if isinstance(err, str) else err


def guest_cat(state, location, args):
    out = b""
    for path in [a for a in args if a != "--"]:
        local = state.fs_path(location, path)
        if not os.path.isfile(local):
            return 1, out, ("cat: %s: No such file or directory\n" % path).encode()
        with open(local, "rb") as handle:
            out += handle.read()
    return 0, out, b""


def guest_sha256sum(state, location, args):
    """coreutils sha256sum: "<hex>  <path>" per file; a missing file is reported and the exit is 1."""
    out, err, code = b"", b"", 0
    for path in [a for a in args if a != "--"]:
        local = state.fs_path(location, path)
        if not os.path.isfile(local):
            err += ("sha256sum: %s: No such file or directory\n" % path).encode()
            code = 1
            continue
        with open(local, "rb") as handle:
            out += ("%s  %s\n" % (hashlib.sha256(handle.read()).hexdigest(), path)).encode()
    return code, out, err


def guest_mv(state, location, args):
    if len(args) != 2:
        return 1, b"", b"mv: expected source and target\n"
    source, target = state.fs_path(location, args[0]), state.fs_path(location, args[1])
    if not os.path.lexists(source):
        return 1, b"", ("mv: cannot stat '%s': No such file or directory\n" % args[0]).encode()
    os.replace(source, target)
    state.move_meta(location, args[0], args[1])
    return 0, b"", b""


def guest_find(state, location, args):
    directory = args[0]
    local = state.fs_path(location, directory)
    if not os.path.isdir(local):
        return 1, b"", ("find: '%s': No such file or directory\n" % directory).encode()
    found = []
    for folder, folders, files in os.walk(local):
        folders.sort()
        for name in files + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            relative = os.path.relpath(os.path.join(folder, name), local)
            found.append(directory.rstrip("/") + "/" + relative)
    separator = b"\0" if "-print0" in args else b"\n"
    return 0, b"".join(p.encode() + separator for p in sorted(found)), b""


def guest_write(state, location, params, stdin):
    """The driver's fixed write script: $1 path, $2 octal mode, $3 optional owner; content on stdin."""
    if len(params) < 2:
        return 1, b"", b"sh: 1: missing parameters\n"
    path, mode = params[0], params[1]
    owner = params[2] if len(params) > 2 and params[2] else None
    local = state.fs_path(location, path)
    os.makedirs(os.path.dirname(local), exist_ok=True)
    tmp = local + ".phoenix-tmp"
    with open(tmp, "wb") as handle:
        handle.write(stdin)
    os.chmod(tmp, int(mode, 8))
    os.replace(tmp, local)
    state.set_meta(location, path, mode=mode, owner=owner)
    return 0, b"", b""
"""#
}
