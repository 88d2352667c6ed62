import Foundation

/// The one door to side effects: every stage reads and writes files and runs commands through a
/// `HostDriver`, at a `Location` (the host, an LXC or a VM).
///
/// Contract shared by every implementation:
/// - Paths are absolute paths as seen inside the location ("/etc/nginx/nginx.conf"); `.`/`..` components
///   and control characters are refused with `DriverError.invalidPath`.
/// - `writeFile` is atomic where the driver can make it so (temporary file, fsync, rename) and creates
///   missing parent folders.
/// - Commands are argv arrays, never shell strings built from config values. A non-zero exit is returned
///   in the `CommandResult`; use `runChecked` to turn it into `DriverError.commandFailed`.
/// - Errors name the location and the path or argv (redacted), never file contents or stdin.
public protocol HostDriver: Sendable {
    /// The file's bytes, or nil when it does not exist.
    func readFile(_ path: String, at location: Location) async throws -> Data?

    /// Writes the file atomically with the given permission bits (e.g. `0o644`) and, when `owner` is
    /// given ("user" or "user:group"), that owner. Creates missing parent folders.
    func writeFile(_ path: String, contents: Data, mode: Int, owner: String?, at location: Location) async throws

    /// Removes the file; succeeds when it is already absent.
    func removeFile(_ path: String, at location: Location) async throws

    /// The files (regular files and symlinks, not folders) below `directory`, recursively, as paths
    /// relative to it, sorted. A missing folder gives an empty list.
    func listFiles(in directory: String, at location: Location) async throws -> [String]

    /// Runs the argv at the location, feeding `stdin` when given, and returns its exit status and output.
    func run(_ argv: [String], at location: Location, stdin: Data?) async throws -> CommandResult

    /// Whether the guest runs, is stopped or does not exist. The host is always `.running`.
    func guestState(_ location: Location) async throws -> GuestState

    /// Masks secrets in the argv of the errors this driver and its helpers throw.
    var redactor: Redactor { get }

    /// Whether commands run in guests really run and their output reflects the real state (true for the
    /// Proxmox driver). False for a driver that only journals commands and answers them with success
    /// and empty output (`LocalDriver`): stages then converge from what they applied last time instead
    /// of probing (docs/adr/0005-command-stages-on-local-driver.md). Files are real in every driver.
    var observesGuests: Bool { get }

    /// This driver limited to `roots`: file operations outside them are refused
    /// (`DriverError.outsideRoots`), and below a root no symlink is followed where the driver opens
    /// files itself. The engine gives every stage its own confined driver (docs/adr/0016-path-confinement.md).
    func confined(to roots: PathRoots) -> any HostDriver

    /// Called when a run (or a drift check) starts, under the watcher's own lock: forgets what it learnt
    /// about the target in the previous run and takes what must be held cluster-wide while the run
    /// applies (the Proxmox driver's pmxcfs lease, docs/adr/0036-cluster-lease-through-cfs-lock.md),
    /// waiting for it at most `timeout`. Returns the lease to release when the run ends; nil when the
    /// driver needs none (a single host).
    /// - Throws: ``DriverError/leaseBusy(path:reason:)`` when another watcher holds it past `timeout`,
    ///   ``DriverError/nodeUnreachable(node:location:reason:)`` when the cluster cannot be reached.
    func beginRun(timeout: Duration) async throws -> (any RunLease)?

    /// The machines a stage's host-level work runs on for `selection`, each with a driver whose `.host`
    /// is that machine (docs/adr/0047-host-stages-on-cluster-nodes.md). A driver without a cluster
    /// returns itself once, with no node name.
    /// - Throws: ``DriverError/nodeUnreachable(node:location:reason:)`` when no node can take
    ///   `.clusterFileSystem`; ``DriverError/invalidRequest(location:reason:)`` for a node the cluster
    ///   settings do not list.
    func hostTargets(_ selection: HostSelection) async throws -> [HostTarget]

    /// In a cluster, the node each guest operated on since the run started ran on, for the run's report
    /// (docs/adr/0047-host-stages-on-cluster-nodes.md). Empty on a single host.
    func guestNodes() async -> [Location: String]
}

extension HostDriver {
    /// The standard heuristic redactor; drivers that know secret values override this.
    public var redactor: Redactor { .standard }

    /// Nothing to hold: a single host.
    public func beginRun(timeout: Duration) async throws -> (any RunLease)? { nil }

    /// One host: no nodes.
    public func guestNodes() async -> [Location: String] { [:] }

    /// One host: this driver, whatever the selection.
    public func hostTargets(_ selection: HostSelection) async throws -> [HostTarget] {
        [HostTarget(node: nil, driver: self)]
    }

    /// True: a driver's commands really run unless it says otherwise.
    public var observesGuests: Bool { true }

    /// The generic confinement: paths checked by their text (`ConfinedDriver`).
    public func confined(to roots: PathRoots) -> any HostDriver {
        ConfinedDriver(base: self, roots: roots)
    }

    /// Runs the argv with no stdin.
    public func run(_ argv: [String], at location: Location) async throws -> CommandResult {
        try await run(argv, at: location, stdin: nil)
    }

    /// Runs the argv and throws `DriverError.commandFailed` (argv redacted, stderr tail) unless it succeeded.
    @discardableResult
    public func runChecked(_ argv: [String], at location: Location, stdin: Data? = nil) async throws -> CommandResult {
        let result = try await run(argv, at: location, stdin: stdin)
        guard result.succeeded else {
            throw DriverError.commandFailed(
                argv: redactor.argv(argv), location: location, exitCode: result.exitCode,
                stderrTail: redactor.text(result.diagnosticTail()))
        }
        return result
    }

    /// Runs an operator-written shell command as exactly one argument to `sh -c`.
    ///
    /// This exists for one input only: a certificate's `post_renewal_command`, which is a shell command
    /// by definition (the operator writes it, it lives in the reviewed config repo). Nothing built from
    /// config values may be passed here; see docs/threat-model.md, "Host commands".
    @discardableResult
    public func runShellChecked(_ script: String, at location: Location) async throws -> CommandResult {
        try await runChecked(["sh", "-c", script], at: location)
    }

    /// Writes with mode 0644 and no owner change.
    public func writeFile(_ path: String, contents: Data, at location: Location) async throws {
        try await writeFile(path, contents: contents, mode: 0o644, owner: nil, at: location)
    }

    /// Writes only when the current content differs; returns true when it wrote.
    ///
    /// Only the bytes are compared (the protocol cannot read modes or owners), so a mode or owner
    /// change alone is not applied by this helper.
    @discardableResult
    public func writeFileIfChanged(
        _ path: String, contents: Data, mode: Int = 0o644, owner: String? = nil, at location: Location
    ) async throws -> Bool {
        if let current = try await readFile(path, at: location), current == contents { return false }
        try await writeFile(path, contents: contents, mode: mode, owner: owner, at: location)
        return true
    }
}

/// Validates a permission mode (0 through 0o7777).
func validateMode(_ mode: Int, at location: Location) throws {
    guard (0...0o7777).contains(mode) else {
        throw DriverError.invalidRequest(location: location, reason: "mode \(String(mode, radix: 8)) is not 0...7777 (octal)")
    }
}

/// "0644" for 0o644: the octal form `chmod` and `pct push --perms` take.
func octalMode(_ mode: Int) -> String {
    let digits = String(mode, radix: 8)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
