import Foundation

/// The embedded default driver: a folder standing for a Proxmox host, so the whole pipeline can run
/// (and be inspected) on any machine.
///
/// Layout below `root`:
/// ```
/// <root>/etc/dnsmasq.conf          host files at their absolute paths
/// <root>/lxc/<id>/etc/nginx/...    files inside LXC <id>
/// <root>/vm/<id>/etc/docker/...    files inside VM <id>
/// <root>/guests/lxc-<id>.state     optional guest state: "running" | "stopped" | "missing"
/// <root>/.phoenix-journal.jsonl    one JSON line per command (unless another journal path is given)
/// ```
/// Guests are `.running` unless their state file says otherwise; operations at a stopped or missing
/// guest fail with `DriverError.guestUnavailable`, as `pct push` to a stopped container does. Because
/// of this layout, the host paths `/lxc`, `/vm`, `/guests` and the journal are reserved.
///
/// Commands are journalled, not run, and answered as success with empty output; allowlisted checks
/// (`LocalCheck.defaults`: `dnsmasq --test`, `nginx -t`) really run when their tool is installed here.
/// Hence `observesGuests` is false: stages do not probe through it (a `docker info` would answer
/// nothing) but journal the commands that converge the difference to what they applied last time.
/// Owners are not applied (the tree is usually written unprivileged); modes are.
public struct LocalDriver: HostDriver {
    /// The absolute folder standing for the host.
    public let root: String
    /// Where command lines are journalled.
    public let journalPath: String
    /// Runs the allowlisted checks.
    public let runner: CommandRunner
    /// The checks that really run.
    public let checks: [LocalCheck]
    /// How long a check may take.
    public let checkTimeout: Duration
    /// Masks secrets in the journal and in errors.
    public let redactor: Redactor
    /// The roots file operations are limited to (nil: the whole folder of each location).
    public private(set) var confinement: PathRoots?

    /// The journal's file name inside `root`.
    public static let journalFileName = ".phoenix-journal.jsonl"

    /// Creates a driver over `root` (made absolute against the current directory; created on first write).
    /// - Parameters:
    ///   - journalPath: defaults to `<root>/.phoenix-journal.jsonl`.
    ///   - runner: defaults to the process's PATH plus the sbin folders where dnsmasq and nginx live.
    public init(
        root: String,
        journalPath: String? = nil,
        runner: CommandRunner? = nil,
        checks: [LocalCheck] = LocalCheck.defaults,
        checkTimeout: Duration = .seconds(60),
        redactor: Redactor = .standard
    ) {
        let absolute = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        let trimmed = absolute.count > 1 && absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute
        self.root = trimmed
        self.journalPath = journalPath ?? trimmed + "/" + Self.journalFileName
        let processPath = ProcessInfo.processInfo.environment["PATH"] ?? CommandRunner.defaultSearchPath
        self.runner = runner ?? CommandRunner(searchPath: processPath + ":/usr/local/sbin:/usr/sbin:/sbin", redactor: redactor)
        self.checks = checks
        self.checkTimeout = checkTimeout
        self.redactor = redactor
    }

    /// False: commands are journalled and answered with empty output, so their answers say nothing
    /// about any state (the few allowlisted checks only validate files).
    public var observesGuests: Bool { false }

    /// The folder standing for the location's "/".
    public func folder(for location: Location) -> String {
        switch location {
        case .host: root
        case .lxc(let id): "\(root)/lxc/\(id)"
        case .vm(let id): "\(root)/vm/\(id)"
        }
    }

    /// The state file of a guest (`<root>/guests/lxc-101.state`); nil for the host.
    public func guestStateFile(for location: Location) -> String? {
        guard let id = location.guestID else { return nil }
        return "\(root)/guests/\(location.kind)-\(id).state"
    }

    /// Records a guest's state in its state file; `.running` removes the file (the default).
    public func setGuestState(_ state: GuestState, for location: Location) throws {
        guard let file = guestStateFile(for: location) else { return }
        switch state {
        case .running:
            try? FileManager.default.removeItem(atPath: file)
        case .stopped, .missing, .unknown:
            let text: String
            switch state {
            case .stopped: text = "stopped"
            case .missing: text = "missing"
            case .unknown(let reason): text = reason
            case .running: text = "running"
            }
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        }
    }

    /// Every journalled command, oldest first.
    public func journal() throws -> [JournalEntry] {
        try CommandJournal(path: journalPath).read()
    }

    // MARK: - HostDriver

    /// Reads `<folder>/<path>`; nil when missing.
    public func readFile(_ path: String, at location: Location) async throws -> Data? {
        try await requireReachable(location)
        return try fileSystem(for: location, checking: path).read(path)
    }

    /// Writes atomically (temporary file, fsync, rename, fsync of the folder). `owner` is not applied.
    public func writeFile(_ path: String, contents: Data, mode: Int, owner: String?, at location: Location) async throws {
        try await requireReachable(location)
        if let owner { _ = try FileOwner(parsing: owner, at: location) }  // validated, not applied
        // Not applied here, but refused where pmxcfs would refuse it (a chown under /etc/pve).
        if owner != nil, location == .host {
            try PmxcfsRule.checkOwner(try GuestPath.normalize(path, at: location), location: location)
        }
        try fileSystem(for: location, checking: path).write(path, contents: contents, mode: mode, owner: nil)
    }

    /// Removes the file; absent is fine.
    public func removeFile(_ path: String, at location: Location) async throws {
        try await requireReachable(location)
        try fileSystem(for: location, checking: path).remove(path)
    }

    /// Lists files below the folder, recursively, relative and sorted.
    public func listFiles(in directory: String, at location: Location) async throws -> [String] {
        try await requireReachable(location)
        let files = try fileSystem(for: location, checking: directory).list(directory)
        guard location == .host else { return files }
        // The local layout's own entries are not host files.
        let normalized = try GuestPath.normalize(directory, at: location, allowRoot: true)
        return files.filter { !isReserved(normalized == "/" ? "/" + $0 : normalized + "/" + $0) }
    }

    /// Journals the command; really runs it only when it is an allowlisted check whose tool is installed.
    public func run(_ argv: [String], at location: Location, stdin: Data?) async throws -> CommandResult {
        guard let name = argv.first, !name.isEmpty else {
            throw DriverError.invalidRequest(location: location, reason: "empty argv")
        }
        try await requireReachable(location)
        let journal = CommandJournal(path: journalPath)
        let shownArgv = redactor.argv(argv)
        guard checks.contains(where: { $0.matches(argv) }),
            let executable = runner.resolveExecutable(String(name.split(separator: "/").last ?? ""))
        else {
            try journal.append(entry(location, shownArgv, executed: false, exitCode: nil, stdin: stdin))
            return .success
        }

        let fs = RootedFileSystem(base: folder(for: location), location: location)
        let mapped = try argv.dropFirst().map { try mapPathArgument($0, fs: fs) }
        try FileManager.default.createDirectory(atPath: fs.base, withIntermediateDirectories: true)
        let result: CommandResult
        do {
            result = try await runner.run(
                [executable] + mapped, stdin: stdin, workingDirectory: fs.base, timeout: checkTimeout)
        } catch let error as CommandError {
            try journal.append(entry(location, shownArgv, executed: true, exitCode: nil, stdin: stdin))
            throw DriverError(error, argv: shownArgv, location: location)
        }
        try journal.append(entry(location, shownArgv, executed: true, exitCode: result.exitCode, stdin: stdin))
        return result
    }

    /// `.running` for the host and for guests without a state file; otherwise what the file says.
    public func guestState(_ location: Location) async throws -> GuestState {
        guard let file = guestStateFile(for: location),
            let data = FileManager.default.contents(atPath: file)
        else { return .running }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch text {
        case "running": return .running
        case "stopped": return .stopped
        case "missing": return .missing
        default: return .unknown("state file says \(text.debugDescription)")
        }
    }

    // MARK: - Helpers

    private func requireReachable(_ location: Location) async throws {
        guard location != .host else { return }
        let state = try await guestState(location)
        if state == .stopped || state == .missing {
            throw DriverError.guestUnavailable(location: location, state: state)
        }
    }

    private func fileSystem(for location: Location, checking path: String) throws -> RootedFileSystem {
        if location == .host {
            let normalized = try GuestPath.normalize(path, at: location, allowRoot: true)
            if isReserved(normalized) {
                throw DriverError.invalidPath(
                    path: normalized, location: location, reason: "reserved by the local driver's layout")
            }
        }
        return RootedFileSystem(
            base: folder(for: location), location: location, roots: confinement?.roots(at: location))
    }

    /// A copy whose file operations stay inside `roots`, opened without following symlinks below them.
    public func confined(to roots: PathRoots) -> any HostDriver {
        var copy = self
        copy.confinement = roots
        return copy
    }

    /// `/lxc/...`, `/vm/...`, `/guests/...` and the journal belong to the layout, not to the host.
    private func isReserved(_ normalized: String) -> Bool {
        guard let first = normalized.split(separator: "/").first else { return false }
        if ["lxc", "vm", "guests"].contains(first) { return true }
        return root + normalized == journalPath
    }

    /// `/abs` and `--opt=/abs` point into the location's folder; other arguments pass unchanged.
    private func mapPathArgument(_ argument: String, fs: RootedFileSystem) throws -> String {
        if argument.hasPrefix("/") {
            return fs.localPath(try GuestPath.normalize(argument, at: fs.location, allowRoot: true))
        }
        if argument.hasPrefix("-"), let equals = argument.firstIndex(of: "="),
            argument[argument.index(after: equals)...].hasPrefix("/")
        {
            let value = String(argument[argument.index(after: equals)...])
            let mapped = fs.localPath(try GuestPath.normalize(value, at: fs.location, allowRoot: true))
            return argument[...equals] + mapped
        }
        return argument
    }

    private func entry(_ location: Location, _ argv: [String], executed: Bool, exitCode: Int32?, stdin: Data?)
        -> JournalEntry
    {
        JournalEntry(
            time: Date(), location: location, argv: argv, executed: executed, exitCode: exitCode,
            stdinBytes: stdin?.count)
    }
}
