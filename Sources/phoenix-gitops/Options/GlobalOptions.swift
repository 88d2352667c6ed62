import ArgumentParser
import Foundation
import PhoenixEngine

/// The options every command takes (DESIGN §1, "Command-line contract"): flags win over the
/// settings file, which wins over the defaults.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The config repository: a URL (file://, git://, ssh://, https://) or a local path. Default: the embedded <state-dir>/config.git.")
    var repo: String?

    @Option(help: "The tracked branch (default main).")
    var branch: String?

    @Option(name: .customLong("state-dir"), help: "Mirror clone, state.json, lock, local target (default .phoenix).")
    var stateDir: String?

    @Option(name: .customLong("config-path"), help: "Folder of the JSON files inside the repository (default config).")
    var configPath: String?

    @Option(name: .customLong("stacks-path"), help: "Folder of the stack folders inside the repository (default stacks).")
    var stacksPath: String?

    @Option(
        name: .customLong("base-path"),
        help: "Folder that compose_file_path values are relative to (default: the parent of the config path).")
    var basePath: String?

    @Option(help: "Host driver: local or proxmox (default local).")
    var driver: DriverKind?

    @Option(name: .customLong("target-root"), help: "Root folder of the local driver (default <state-dir>/target); with proxmox, the folder standing for / (default /).")
    var targetRoot: String?

    @Option(name: .customLong("status-branch"), help: "The ledger branch (default phoenix-status).")
    var statusBranch: String?

    @Option(help: "A JSON settings file with the same keys (flags win). Secrets only by reference.")
    var settings: String?

    @Option(name: .customLong("log-level"), help: "Log level on stderr: trace, debug, info, notice, warning, error, critical (default: the command's; PHOENIX_LOG_LEVEL).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "Log format on stderr: text or json (one JSON object per line; PHOENIX_LOG_FORMAT).")
    var logFormat: String?

    /// The effective settings: defaults, then the settings file, then these flags. Also applies
    /// `--log-level` and `--log-format` (through the environment the logger reads, before any logger exists).
    func resolved() throws -> WatcherSettings {
        if let logLevel {
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
                throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical")
            }
            setenv("PHOENIX_LOG_LEVEL", logLevel, 1)
        }
        if let logFormat {
            guard logFormat == "text" || logFormat == "json" else { throw ValidationError("--log-format must be text or json") }
            setenv("PHOENIX_LOG_FORMAT", logFormat, 1)
        }
        var result = try settings.map(WatcherSettings.load(from:)) ?? WatcherSettings()
        if let repo { result.repo = repo }
        if let branch { result.branch = branch }
        if let stateDir { result.stateDir = stateDir }
        if let configPath { result.configPath = configPath }
        if let stacksPath { result.stacksPath = stacksPath }
        if let basePath { result.basePath = basePath }
        if let driver { result.driver = driver }
        if let targetRoot { result.targetRoot = targetRoot }
        if let statusBranch { result.statusBranch = statusBranch }
        return result
    }
}

extension DriverKind: ExpressibleByArgument {}
