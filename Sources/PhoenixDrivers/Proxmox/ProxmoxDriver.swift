import Foundation

/// The real driver on a Proxmox VE host.
///
/// - Host: files are written atomically under `Options.hostRoot` (default "/"); commands run directly.
/// - LXC: commands run with `pct exec <id> -- argv…` (its exit status is the command's own). Files
///   travel through it too: `cat` to read, the fixed `guestWriteScript` with the content on stdin to
///   write (temporary name, then a rename inside the container, so a watcher such as Traefik's file
///   provider never sees half a file), then `sha256sum` to read the digest back. `pct push`/`pct pull`
///   are never used: they exit 0 when the copy fails (see ProxmoxDriver+Container.swift).
/// - VM: everything goes through the QEMU guest agent, `qm guest exec <id> --timeout <s> -- argv…`, whose
///   JSON answer is parsed; a missing exit code is a timeout, never a success. File contents travel on
///   stdin (`--pass-stdin 1`, at most 1 MiB), never on a command line.
///
/// Guest state comes from `pct status` / `qm status` ("status: running|stopped"); "does not exist"
/// means `.missing`.
public struct ProxmoxDriver: HostDriver {
    /// Settings; the defaults suit a real host.
    public struct Options: Sendable {
        /// The folder standing for the host's "/" (tests point it at a stand-in's state).
        public var hostRoot: String
        /// Timeout of host commands, including `pct` calls.
        public var commandTimeout: Duration
        /// `qm guest exec --timeout`: how long qm waits for the guest command.
        public var guestExecTimeoutSeconds: Int
        /// The same for commands that may pull images (`docker run`, `docker pull`, `docker stack
        /// deploy`, `docker service update`): a first pull easily outlives a minute. qm returns as soon
        /// as the command ends, so a long limit costs nothing when the command is quick.
        public var slowGuestExecTimeoutSeconds: Int
        /// The `pct` executable (looked up on the runner's search path).
        public var pct: String
        /// The `qm` executable.
        public var qm: String
        /// A Proxmox cluster: route guest calls to their nodes (nil: a single host, as always).
        public var cluster: ProxmoxCluster?

        /// Creates options; every parameter has the real host's default.
        public init(
            hostRoot: String = "/",
            commandTimeout: Duration = .seconds(300),
            guestExecTimeoutSeconds: Int = 60,
            slowGuestExecTimeoutSeconds: Int = 900,
            pct: String = "pct",
            qm: String = "qm",
            cluster: ProxmoxCluster? = nil
        ) {
            self.hostRoot = hostRoot
            self.commandTimeout = commandTimeout
            self.guestExecTimeoutSeconds = guestExecTimeoutSeconds
            self.slowGuestExecTimeoutSeconds = slowGuestExecTimeoutSeconds
            self.pct = pct
            self.qm = qm
            self.cluster = cluster
        }
    }

    /// Runs `pct`, `qm` and host commands.
    public let runner: CommandRunner
    /// Settings.
    public let options: Options
    /// Host roots set by `confined(to:)` (nil: the whole host root).
    var hostConfinement: [String]? = nil
    /// Where guests run (nil on a single host).
    let router: ClusterRouter?
    /// The cluster node host operations go to over SSH (nil: this machine). Set by `hostTargets`.
    var remoteHost: ClusterNode? = nil

    /// The most `qm guest exec --pass-stdin` accepts (qemu-server refuses more than 1 MiB).
    public static let guestStdinLimit = 1_048_576

    /// The fixed script that writes stdin to a file inside a VM. Config values reach it only as
    /// positional parameters ($1 path, $2 octal mode, $3 optional owner), never inside the script text.
    /// Folders are created with umask 022; the content is written with umask 077 to a temporary name,
    /// given its mode and owner, then renamed over the target.
    public static let guestWriteScript = """
        set -eu
        target=$1
        dir=$(dirname -- "$target")
        tmp="$dir/.$(basename -- "$target").phoenix-tmp"
        umask 022
        mkdir -p -- "$dir"
        umask 077
        trap 'rm -f -- "$tmp"' EXIT
        cat > "$tmp"
        chmod "$2" "$tmp"
        if [ -n "${3:-}" ]; then chown "$3" "$tmp"; fi
        mv -f -- "$tmp" "$target"
        trap - EXIT
        """

    /// Masks secrets in errors (the runner's redactor).
    public var redactor: Redactor { runner.redactor }

    /// Creates the driver.
    public init(runner: CommandRunner = CommandRunner(), options: Options = Options()) {
        self.runner = runner
        self.options = options
        self.router = options.cluster.map { ClusterRouter(maxAge: $0.placementMaxAge) }
    }

    // MARK: - HostDriver

    /// Reads a host file under `hostRoot`, or `cat`s it in a container or a VM.
    public func readFile(_ path: String, at location: Location) async throws -> Data? {
        let normalized = try GuestPath.normalize(path, at: location)
        if location == .host, let node = remoteHost { return try await remoteHostRead(normalized, node: node) }
        switch location {
        case .host: return try hostFileSystem.read(normalized)
        case .lxc(let id): return try await containerRead(normalized, id: id)
        case .vm(let id): return try await machineRead(normalized, id: id)
        }
    }

    /// Writes atomically: locally under `hostRoot`, or with the fixed write script (content on stdin)
    /// through `pct exec` in a container or the guest agent in a VM.
    public func writeFile(_ path: String, contents: Data, mode: Int, owner: String?, at location: Location) async throws {
        let normalized = try GuestPath.normalize(path, at: location)
        try validateMode(mode, at: location)
        let parsedOwner = try owner.map { try FileOwner(parsing: $0, at: location) }
        if location == .host, let node = remoteHost {
            return try await remoteHostWrite(normalized, contents: contents, mode: mode, owner: parsedOwner, node: node)
        }
        switch location {
        case .host:
            let ids = try parsedOwner.map { try $0.resolveIDs(at: location) }
            try hostFileSystem.write(normalized, contents: contents, mode: mode, owner: ids)
        case .lxc(let id):
            try await containerWrite(normalized, contents: contents, mode: mode, owner: parsedOwner, id: id)
        case .vm(let id):
            try await machineWrite(normalized, contents: contents, mode: mode, owner: parsedOwner, id: id)
        }
    }

    /// Removes the file (`rm -f` inside guests).
    public func removeFile(_ path: String, at location: Location) async throws {
        let normalized = try GuestPath.normalize(path, at: location)
        if location == .host, let node = remoteHost {
            try await runChecked(["rm", "-f", "--", node.hostPath(normalized)], at: .host)
            return
        }
        switch location {
        case .host: try hostFileSystem.remove(normalized)
        case .lxc, .vm: try await runChecked(["rm", "-f", normalized], at: location)
        }
    }

    /// Lists files below the folder (`find -print0` inside guests).
    public func listFiles(in directory: String, at location: Location) async throws -> [String] {
        let normalized = try GuestPath.normalize(directory, at: location, allowRoot: true)
        if location == .host, remoteHost == nil { return try hostFileSystem.list(normalized) }
        // A guest's path as it is; another node's host path below that node's root.
        let sent = (location == .host ? remoteHost?.hostPath(normalized) : nil) ?? normalized
        let argv = ["find", sent, "-mindepth", "1", "(", "-type", "f", "-o", "-type", "l", ")", "-print0"]
        let result = try await run(argv, at: location, stdin: nil)
        if !result.succeeded {
            if result.stderrText.contains("No such file or directory") { return [] }
            throw commandFailed(argv, location, result)
        }
        let prefix = sent == "/" ? "/" : sent + "/"
        return result.stdout.split(separator: 0).compactMap { raw -> String? in
            let found = String(decoding: raw, as: UTF8.self)
            return found.hasPrefix(prefix) ? String(found.dropFirst(prefix.count)) : nil
        }.sorted()
    }

    /// Runs on the host, via `pct exec`, or via `qm guest exec`.
    public func run(_ argv: [String], at location: Location, stdin: Data?) async throws -> CommandResult {
        guard let first = argv.first, !first.isEmpty else {
            throw DriverError.invalidRequest(location: location, reason: "empty argv")
        }
        switch location {
        case .host:
            if let node = remoteHost { return try await remoteHostRun(argv, node: node, stdin: stdin) }
            return try await tool(argv, at: .host, stdin: stdin)
        case .lxc(let id):
            let result = try await guestTool(.pct, ["exec", String(id), "--"] + argv, guest: location, stdin: stdin)
            if !result.succeeded, let unavailable = Self.unavailability(result, location) { throw unavailable }
            // lxc-attach exits 127 with "Failed to exec" when the program is not in the container; a
            // missing `docker` must not read as docker's own "No such …" answer.
            if result.exitCode == 127, result.stderrText.contains("Failed to exec") {
                throw DriverError.executableNotFound(name: first, location: location)
            }
            return result
        case .vm(let id):
            return try await guestExec(argv, id: id, stdin: stdin)
        }
    }

    /// Parses `pct status <id>` / `qm status <id>`.
    public func guestState(_ location: Location) async throws -> GuestState {
        let argv: [String]
        let kind: GuestTool
        switch location {
        case .host: return .running
        case .lxc(let id): (kind, argv) = (.pct, [options.pct, "status", String(id)])
        case .vm(let id): (kind, argv) = (.qm, [options.qm, "status", String(id)])
        }
        let result: CommandResult
        do {
            result = try await guestTool(kind, Array(argv.dropFirst()), guest: location, stdin: nil)
        } catch DriverError.guestUnavailable(_, .missing) {
            return .missing
        }
        if !result.succeeded {
            if Self.mentionsMissingGuest(result) { return .missing }
            return .unknown("\(argv.joined(separator: " ")) exited \(result.exitCode): \(result.diagnosticTail(maxLines: 2))")
        }
        for line in result.stdoutText.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("status:") else { continue }
            switch trimmed.dropFirst("status:".count).trimmingCharacters(in: .whitespaces) {
            case "running": return .running
            case "stopped": return .stopped
            case let other: return .unknown("status: \(other)")
            }
        }
        return .unknown("no status line in the output of \(argv.joined(separator: " "))")
    }

    // MARK: - Shared helpers

    var hostFileSystem: RootedFileSystem {
        RootedFileSystem(base: options.hostRoot, location: .host, roots: hostConfinement)
    }

    /// Runs a host-side tool (pct, qm, or a host command), translating runner errors.
    func tool(_ argv: [String], at location: Location, stdin: Data?, timeout: Duration? = nil) async throws
        -> CommandResult
    {
        do {
            return try await runner.run(argv, stdin: stdin, timeout: timeout ?? options.commandTimeout)
        } catch let error as CommandError {
            throw DriverError(error, argv: redactor.argv(argv), location: location)
        }
    }

    func commandFailed(_ argv: [String], _ location: Location, _ result: CommandResult) -> DriverError {
        .commandFailed(
            argv: redactor.argv(argv), location: location, exitCode: result.exitCode,
            stderrTail: redactor.text(result.diagnosticTail()))
    }

    /// Recognises the real tools' messages for a guest that is missing, stopped, or has no agent. The
    /// markers are specific (they name the guest), so a command's own failure output is not mistaken
    /// for them.
    static func unavailability(_ result: CommandResult, _ location: Location) -> DriverError? {
        if mentionsMissingGuest(result) { return .guestUnavailable(location: location, state: .missing) }
        let text = result.stderrText + "\n" + result.stdoutText
        let id = location.guestID.map(String.init) ?? ""
        let agentMarkers = ["QEMU guest agent is not running", "No QEMU guest agent configured"]
        if agentMarkers.contains(where: text.contains) {
            return .guestUnavailable(location: location, state: .unknown("QEMU guest agent is not available"))
        }
        // pct.pm: "container '<id>' not running!" (exec/enter since PVE 7.0), "can only push/pull …";
        // Agent.pm: "VM <id> is not running". The lxc-attach "Failed to get init pid" of PVE <= 6.4 and
        // qm's older "VM <id> not running" are still recognised.
        let stoppedMarkers = [
            "container '\(id)' not running!", "can only push files to a running CT",
            "can only pull files from a running VM", "CT \(id) not running", "VM \(id) not running",
            "VM \(id) is not running", "Failed to get init pid",
        ]
        if stoppedMarkers.contains(where: text.contains) {
            return .guestUnavailable(location: location, state: .stopped)
        }
        return nil
    }

    /// "Configuration file 'nodes/pve/lxc/101.conf' does not exist".
    static func mentionsMissingGuest(_ result: CommandResult) -> Bool {
        let text = result.stderrText + "\n" + result.stdoutText
        return text.contains("does not exist") && text.contains("Configuration file")
    }
}
