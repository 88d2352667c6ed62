import Foundation
import PhoenixDrivers

/// A fresh fake Proxmox host for one test: a bin folder of stand-in executables (`pct`, `qm`,
/// `systemctl`, `docker`, `pve-firewall`, `step`) and the state they share. Nothing global is touched:
/// point a `CommandRunner` at `searchPath` (or use `proxmoxDriver()`), so tests can run in parallel.
///
/// Layout (see docs/stand-ins.md):
/// ```
/// <home>/bin/<tool>             executables (python3 wrappers)
/// <home>/lib/phoenix_standin.py the engine
/// <home>/state/calls.jsonl      one JSON line per invocation: {"tool", "argv"}
/// <home>/state/host/…           the host's files (ProxmoxDriver.Options.hostRoot)
/// <home>/state/lxc/<id>/…       files inside container <id>; state/vm/<id>/… inside VM <id>
/// <home>/state/guests.json      {"lxc 101": "running", "vm 1001": "stopped"}; absent = missing
/// <home>/state/control.json     scripted failures (StandInRule)
/// <home>/state/docker.json      the swarm (StandInDocker); services.json: systemd units per location
/// <home>/state/meta.json        mode and owner of files pushed into guests
/// ```
public struct StandInHost: Sendable {
    /// The tools this fixture provides.
    public static let tools = ["pct", "qm", "systemctl", "docker", "pve-firewall", "step", "pvesh"]

    /// The fixture's own folder.
    public let home: String

    /// Folder holding the stand-in executables.
    public var binDirectory: String { home + "/bin" }
    /// Folder holding the tools' state.
    public var stateDirectory: String { home + "/state" }
    /// The host's file system as the stand-ins see it; give it to `ProxmoxDriver.Options.hostRoot`.
    public var hostRoot: String { stateDirectory + "/host" }
    /// The search path to use: the stand-ins first, then the system folders (sh, sleep, ...).
    public var searchPath: String { binDirectory + ":" + CommandRunner.defaultSearchPath }

    /// Creates the fixture in a new folder under the system temporary folder (or under `parent`).
    public init(in parent: String? = nil) throws {
        let base = parent ?? FileManager.default.temporaryDirectory.path
        home = base + "/phoenix-standin-" + UUID().uuidString.lowercased()
        let python = try Self.findPython()
        let files = FileManager.default
        for folder in ["bin", "lib", "state/host"] {
            try files.createDirectory(atPath: home + "/" + folder, withIntermediateDirectories: true)
        }
        try Data(StandInScript.module.utf8).write(to: URL(fileURLWithPath: home + "/lib/phoenix_standin.py"))
        for tool in Self.tools {
            let path = binDirectory + "/" + tool
            let wrapper = StandInScript.wrapper(tool: tool, python: python, library: home + "/lib", home: home)
            try Data(wrapper.utf8).write(to: URL(fileURLWithPath: path))
            try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    /// Deletes the fixture's folder.
    public func remove() {
        try? FileManager.default.removeItem(atPath: home)
    }

    // MARK: - Drivers

    /// A runner that finds the stand-ins first.
    public func runner(redactor: Redactor = .standard) -> CommandRunner {
        CommandRunner(searchPath: searchPath, redactor: redactor)
    }

    /// A `ProxmoxDriver` wired to this fixture: stand-ins on its search path, host files under
    /// `hostRoot`.
    public func proxmoxDriver(
        commandTimeout: Duration = .seconds(60), guestExecTimeoutSeconds: Int = 30, redactor: Redactor = .standard
    ) -> ProxmoxDriver {
        ProxmoxDriver(
            runner: runner(redactor: redactor),
            options: ProxmoxDriver.Options(
                hostRoot: hostRoot, commandTimeout: commandTimeout,
                guestExecTimeoutSeconds: guestExecTimeoutSeconds))
    }

    // MARK: - Guests and rules

    /// Declares a guest: `.running` or `.stopped` (anything else is written as its description);
    /// `.missing` removes it. Guests not declared are missing.
    public func setGuest(_ location: Location, _ state: GuestState) throws {
        guard location != .host else { return }
        var guests = try readJSON([String: String].self, "guests.json") ?? [:]
        switch state {
        case .missing: guests[location.description] = nil
        case .running: guests[location.description] = "running"
        case .stopped: guests[location.description] = "stopped"
        case .unknown(let text): guests[location.description] = text
        }
        try writeJSON(guests, "guests.json")
    }

    /// Declares a program absent inside a guest: `pct exec` then fails like lxc-attach (exit 127,
    /// `Failed to exec "<name>"`), `qm guest exec` like qemu-ga (`Agent error: Failed to execute child
    /// process …`).
    public func removeExecutable(_ name: String, at location: Location) throws {
        var missing = try readJSON([String: [String]].self, "missing_tools.json") ?? [:]
        missing[location.description, default: []].append(name)
        try writeJSON(missing, "missing_tools.json")
    }

    /// What `pct config <id>` / `qm config <id>` print for the guest (default: one NIC with firewall=1).
    public func setGuestConfig(_ location: Location, _ text: String) throws {
        var configs = try readJSON([String: String].self, "guest_configs.json") ?? [:]
        configs[location.description] = text
        try writeJSON(configs, "guest_configs.json")
    }

    /// Adds a scripted answer (after the existing ones; the first match wins).
    public func addRule(_ rule: StandInRule) throws {
        var rules = try readJSON([StandInRule].self, "control.json") ?? []
        rules.append(rule)
        try writeJSON(rules, "control.json")
    }

    // MARK: - Recorded calls

    /// Every invocation so far, in order.
    public func calls() throws -> [StandInCall] {
        guard let data = FileManager.default.contents(atPath: stateDirectory + "/calls.jsonl") else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map {
            do {
                return try JSONDecoder().decode(StandInCall.self, from: Data($0))
            } catch {
                throw StandInError.unreadableState(file: "calls.jsonl", reason: "\(error)")
            }
        }
    }

    /// The argv (tool name excluded) of every invocation of `tool`.
    public func argvs(of tool: String) throws -> [[String]] {
        try calls().filter { $0.tool == tool }.map(\.argv)
    }

    /// The raw call log, for assertions that something never appears in it.
    public func callLogText() -> String {
        FileManager.default.contents(atPath: stateDirectory + "/calls.jsonl").map { String(decoding: $0, as: UTF8.self) }
            ?? ""
    }

    // MARK: - Files at locations

    /// The local path standing for `path` at `location` inside the state.
    public func localPath(_ path: String, at location: Location) -> String {
        let folder: String
        switch location {
        case .host: folder = hostRoot
        case .lxc(let id): folder = "\(stateDirectory)/lxc/\(id)"
        case .vm(let id): folder = "\(stateDirectory)/vm/\(id)"
        }
        return folder + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// A file's bytes at a location, or nil.
    public func file(_ path: String, at location: Location) -> Data? {
        FileManager.default.contents(atPath: localPath(path, at: location))
    }

    /// Places a file at a location (creating folders).
    public func setFile(_ path: String, contents: Data, at location: Location) throws {
        let local = localPath(path, at: location)
        try FileManager.default.createDirectory(
            atPath: (local as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(to: URL(fileURLWithPath: local))
    }

    /// The permission bits of a file at a location (from the file system), or nil.
    public func mode(_ path: String, at location: Location) -> Int? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: localPath(path, at: location))
        return (attributes?[.posixPermissions] as? NSNumber)?.intValue
    }

    /// The owner recorded for a file pushed into a guest ("user" or "user:group"), or nil.
    public func owner(_ path: String, at location: Location) throws -> String? {
        let meta = try readJSON([String: [String: String?]].self, "meta.json") ?? [:]
        return meta["\(location.description):\(path)"]?["owner"] ?? nil
    }

    // MARK: - Docker and services

    /// The swarm state.
    public func docker() throws -> StandInDocker {
        try readJSON(StandInDocker.self, "docker.json") ?? StandInDocker()
    }

    /// Replaces the swarm state.
    public func setDocker(_ state: StandInDocker) throws {
        try writeJSON(state, "docker.json")
    }

    /// A systemd unit at a location (name without ".service"), or nil when never touched.
    public func unit(_ name: String, at location: Location) throws -> StandInUnit? {
        let services = try readJSON([String: [String: StandInUnit]].self, "services.json") ?? [:]
        return services[location.description]?[name]
    }

    // MARK: - JSON state files

    func readJSON<T: Decodable>(_ type: T.Type, _ name: String) throws -> T? {
        guard let data = FileManager.default.contents(atPath: stateDirectory + "/" + name) else { return nil }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw StandInError.unreadableState(file: name, reason: "\(error)")
        }
    }

    func writeJSON<T: Encodable>(_ value: T, _ name: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: URL(fileURLWithPath: stateDirectory + "/" + name), options: .atomic)
    }

    private static func findPython() throws -> String {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { return "/usr/bin/python3" }
        if let found = CommandRunner().resolveExecutable("python3") { return found }
        throw StandInError.pythonNotFound
    }
}
