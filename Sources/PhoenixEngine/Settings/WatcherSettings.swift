import Foundation
import PhoenixCore
import PhoenixStages

/// Every setting of the watcher, with the defaults of DESIGN §1. Read from a JSON settings file
/// (`--settings`, same key names as the long flags with `_` for `-`) and overridden by flags.
///
/// Secrets are never values here, only references: `webhook_secret_file`, `https_token_env`, ...
public struct WatcherSettings: Sendable, Hashable, Codable {
    /// The config repository: a URL (file://, git://, ssh://, https://) or a local path; nil means
    /// the embedded default `<state_dir>/config.git`.
    public var repo: String?
    /// The tracked branch.
    public var branch = "main"
    /// Mirror clone, state.json, lock, local target.
    public var stateDir = ".phoenix"
    /// Where the JSON files live inside the repository.
    public var configPath = "config"
    /// Where the stack folders live inside the repository.
    public var stacksPath = "stacks"
    /// The folder `compose_file_path` values are relative to; nil: the parent of `configPath`.
    public var basePath: String?
    /// `local` or `proxmox`.
    public var driver: DriverKind = .local
    /// Root folder of the local driver; nil means `<state_dir>/target`. With the `proxmox` driver, the
    /// folder standing for the host's "/" when set (nil: the host itself).
    public var targetRoot: String?
    /// The ledger branch.
    public var statusBranch = "phoenix-status"
    /// Poll interval in seconds.
    public var intervalSeconds: Double = 60
    /// Drift check interval in seconds (0: no scheduled checks; `phoenix-gitops drift` still works).
    public var driftIntervalSeconds: Double = 600
    /// Re-apply drifted stages from the last applied commit (docs/drift.md).
    public var selfHeal = false
    /// Self-heal's anti-flapping guard: after this many repairs of one object within
    /// `selfHealRedriftWindowSeconds`, a new drift of it stops self-heal for its stage.
    public var selfHealRedriftLimit = 3
    /// The guard's window in seconds.
    public var selfHealRedriftWindowSeconds: Double = 3600
    /// Interval of the time-driven certificates run in seconds (renews entries nearing expiry without a
    /// commit; 0: off).
    public var certificateIntervalSeconds: Double = 3600
    /// `HOST:PORT` for the webhook/health server, nil for none.
    public var listen: String?
    /// File holding the webhook secret (else the env var `PHOENIX_WEBHOOK_SECRET`).
    public var webhookSecretFile: String?
    /// Commit-signature policy.
    public var verify: VerifyPolicy = .none
    /// SSH allowed-signers file for `verify: head`.
    public var allowedSignersFile: String?
    /// GPG keyring for `verify: head`.
    public var gpgKeyring: String?
    /// SSH private key for ssh:// remotes (nil: ssh-agent).
    public var sshKeyFile: String?
    /// Environment variable holding an https token.
    public var httpsTokenEnv: String?
    /// File holding an https token.
    public var httpsTokenFile: String?
    /// Settings of the stages (host paths, policies).
    public var stages = StageSettings()
    /// Bounds on what a pushed configuration may cost to read (ADR 0019); `limits` in the file.
    public var limits = InputLimits()
    /// Bounds on the HTTP server (timeouts, connections; ADR 0021); `http` in the file.
    public var http = HTTPLimits()
    /// This watcher's id on the status branch; nil derives `<host>-<hash of driver and target>`.
    public var watcherID: String?
    /// Author name of the commits phoenix-gitops writes (status, rollback).
    public var commitAuthorName = "phoenix-gitops"
    /// Author e-mail of the commits phoenix-gitops writes.
    public var commitAuthorEmail = "phoenix-gitops@localhost"
    /// First retry delay of a failed stage on the same commit, in seconds (doubles per failure).
    public var retryBaseSeconds: Double = 30
    /// Longest retry delay of a failed stage, in seconds.
    public var retryMaxSeconds: Double = 1800
    /// Longest poll delay after repeated fetch errors, in seconds.
    public var fetchBackoffMaxSeconds: Double = 900
    /// How often a rejected status push is rebuilt on the new remote tip before giving up for this run.
    public var statusPushAttempts = 5
    /// Commit statuses and pull-request comments on GitHub, Gitea or GitLab (nil: none).
    public var forge: ForgeSettings?
    /// Outbound notifications and their delivery.
    public var notifications = NotificationSettings()
    /// A Proxmox cluster for the `proxmox` driver (nil: a single host).
    public var cluster: ClusterSettings?

    /// Default settings.
    public init() {}

    /// The configuration layout inside the repository.
    public var layout: ConfigLayout { ConfigLayout(configPath: configPath, stacksPath: stacksPath, basePath: basePath) }

    /// The state folder as a URL.
    public var stateDirectory: URL { URL(fileURLWithPath: stateDir, isDirectory: true) }

    /// The embedded default config repository, used when `repo` is nil.
    public var embeddedRepository: URL { stateDirectory.appendingPathComponent("config.git", isDirectory: true) }

    /// The local driver's root.
    public var resolvedTargetRoot: URL {
        targetRoot.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? stateDirectory.appendingPathComponent("target", isDirectory: true)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case repo, branch, driver, listen, verify, stages, limits, http
        case stateDir = "state_dir", configPath = "config_path", stacksPath = "stacks_path"
        case basePath = "base_path"
        case targetRoot = "target_root", statusBranch = "status_branch", intervalSeconds = "interval_seconds"
        case driftIntervalSeconds = "drift_interval_seconds", selfHeal = "self_heal"
        case selfHealRedriftLimit = "self_heal_redrift_limit"
        case selfHealRedriftWindowSeconds = "self_heal_redrift_window_seconds"
        case certificateIntervalSeconds = "certificate_interval_seconds"
        case webhookSecretFile = "webhook_secret_file", allowedSignersFile = "allowed_signers_file"
        case gpgKeyring = "gpg_keyring", sshKeyFile = "ssh_key_file", httpsTokenEnv = "https_token_env"
        case httpsTokenFile = "https_token_file"
        case watcherID = "watcher_id", commitAuthorName = "commit_author_name"
        case commitAuthorEmail = "commit_author_email", retryBaseSeconds = "retry_base_seconds"
        case retryMaxSeconds = "retry_max_seconds", fetchBackoffMaxSeconds = "fetch_backoff_max_seconds"
        case statusPushAttempts = "status_push_attempts"
        case forge, notifications, cluster
    }

    /// Decodes, keeping the default for every key the file leaves out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WatcherSettings()
        repo = try c.decodeIfPresent(String.self, forKey: .repo)
        branch = try c.decodeIfPresent(String.self, forKey: .branch) ?? d.branch
        stateDir = try c.decodeIfPresent(String.self, forKey: .stateDir) ?? d.stateDir
        configPath = try c.decodeIfPresent(String.self, forKey: .configPath) ?? d.configPath
        stacksPath = try c.decodeIfPresent(String.self, forKey: .stacksPath) ?? d.stacksPath
        basePath = try c.decodeIfPresent(String.self, forKey: .basePath)
        driver = try c.decodeIfPresent(DriverKind.self, forKey: .driver) ?? d.driver
        targetRoot = try c.decodeIfPresent(String.self, forKey: .targetRoot)
        statusBranch = try c.decodeIfPresent(String.self, forKey: .statusBranch) ?? d.statusBranch
        intervalSeconds = try c.decodeIfPresent(Double.self, forKey: .intervalSeconds) ?? d.intervalSeconds
        driftIntervalSeconds =
            try c.decodeIfPresent(Double.self, forKey: .driftIntervalSeconds) ?? d.driftIntervalSeconds
        selfHeal = try c.decodeIfPresent(Bool.self, forKey: .selfHeal) ?? d.selfHeal
        selfHealRedriftLimit =
            try c.decodeIfPresent(Int.self, forKey: .selfHealRedriftLimit) ?? d.selfHealRedriftLimit
        selfHealRedriftWindowSeconds =
            try c.decodeIfPresent(Double.self, forKey: .selfHealRedriftWindowSeconds) ?? d.selfHealRedriftWindowSeconds
        certificateIntervalSeconds =
            try c.decodeIfPresent(Double.self, forKey: .certificateIntervalSeconds) ?? d.certificateIntervalSeconds
        listen = try c.decodeIfPresent(String.self, forKey: .listen)
        webhookSecretFile = try c.decodeIfPresent(String.self, forKey: .webhookSecretFile)
        verify = try c.decodeIfPresent(VerifyPolicy.self, forKey: .verify) ?? d.verify
        allowedSignersFile = try c.decodeIfPresent(String.self, forKey: .allowedSignersFile)
        gpgKeyring = try c.decodeIfPresent(String.self, forKey: .gpgKeyring)
        sshKeyFile = try c.decodeIfPresent(String.self, forKey: .sshKeyFile)
        httpsTokenEnv = try c.decodeIfPresent(String.self, forKey: .httpsTokenEnv)
        httpsTokenFile = try c.decodeIfPresent(String.self, forKey: .httpsTokenFile)
        stages = try c.decodeIfPresent(StageSettings.self, forKey: .stages) ?? d.stages
        limits = try c.decodeIfPresent(InputLimits.self, forKey: .limits) ?? d.limits
        http = try c.decodeIfPresent(HTTPLimits.self, forKey: .http) ?? d.http
        watcherID = try c.decodeIfPresent(String.self, forKey: .watcherID)
        commitAuthorName = try c.decodeIfPresent(String.self, forKey: .commitAuthorName) ?? d.commitAuthorName
        commitAuthorEmail = try c.decodeIfPresent(String.self, forKey: .commitAuthorEmail) ?? d.commitAuthorEmail
        retryBaseSeconds = try c.decodeIfPresent(Double.self, forKey: .retryBaseSeconds) ?? d.retryBaseSeconds
        retryMaxSeconds = try c.decodeIfPresent(Double.self, forKey: .retryMaxSeconds) ?? d.retryMaxSeconds
        fetchBackoffMaxSeconds =
            try c.decodeIfPresent(Double.self, forKey: .fetchBackoffMaxSeconds) ?? d.fetchBackoffMaxSeconds
        statusPushAttempts = try c.decodeIfPresent(Int.self, forKey: .statusPushAttempts) ?? d.statusPushAttempts
        forge = try c.decodeIfPresent(ForgeSettings.self, forKey: .forge)
        notifications = try c.decodeIfPresent(NotificationSettings.self, forKey: .notifications) ?? d.notifications
        cluster = try c.decodeIfPresent(ClusterSettings.self, forKey: .cluster)
    }

    /// Reads a settings file; errors name the file and say what is wrong.
    ///
    /// Every key may be left out (its default applies), including each key of `stages`; a key that
    /// is not a setting is an error rather than silently ignored, since a typo (`brnch`) would
    /// otherwise leave the default in force without anyone noticing.
    public static func load(from path: String) throws -> WatcherSettings {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SettingsError(file: path, message: "cannot read: \(error.localizedDescription)")
        }
        // The configuration's own located parser first: a syntax error is reported at its line and
        // column, and what it refuses (trailing commas, comments, duplicate keys) is refused here too.
        let document: JSONDocument
        do throws(JSONParseError) {
            document = try JSONParser.parse(data)
        } catch {
            throw SettingsError(file: "\(path):\(error.location)", message: "error: \(error.message)")
        }
        if let issue = document.issues.first(where: { $0.severity == .error }) {
            throw SettingsError(file: "\(path):\(issue.location)", message: "error: \(issue.message)")
        }
        guard case .object = document.root.kind,
            var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else {
            throw SettingsError(file: "\(path):1:1", message: "error: the settings file must hold one JSON object ({...})")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = object.keys.filter({ !known.contains($0) }).sorted().first {
            throw SettingsError(file: path, message: "unknown setting \"\(unknown)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let stages = object["stages"] {
            object["stages"] = try mergedStageSettings(stages, file: path)
        }
        try checkKeys(object["limits"], known: InputLimits.keys, name: "limits", file: path)
        try checkKeys(object["http"], known: HTTPLimits.keys, name: "http", file: path)
        try checkKeys(object["cluster"], known: ClusterSettings.keys, name: "cluster", file: path)
        do {
            return try JSONDecoder().decode(WatcherSettings.self, from: JSONSerialization.data(withJSONObject: object))
        } catch let error as DecodingError {
            throw SettingsError(file: path, message: SettingsError.describe(error))
        }
    }

    /// Refuses a `name` object with a key that is not one of `known` (a typo would leave a default in force).
    private static func checkKeys(_ value: Any?, known: [String], name: String, file: String) throws {
        guard let value else { return }
        guard let object = value as? [String: Any] else {
            throw SettingsError(file: file, message: "\"\(name)\" must be an object")
        }
        if let unknown = object.keys.filter({ !known.contains($0) }).sorted().first {
            throw SettingsError(
                file: file, message: "unknown setting \"\(name).\(unknown)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// The default stage settings with the file's `stages` keys laid over them, so a file names only
    /// what it changes.
    private static func mergedStageSettings(_ value: Any, file: String) throws -> [String: Any] {
        guard let overrides = value as? [String: Any] else {
            throw SettingsError(file: file, message: "\"stages\" must be an object")
        }
        let defaults = try JSONEncoder().encode(StageSettings())
        guard var merged = try JSONSerialization.jsonObject(with: defaults) as? [String: Any] else { return overrides }
        for (key, override) in overrides {
            guard merged[key] != nil else {
                throw SettingsError(
                    file: file,
                    message: "unknown stage setting \"stages.\(key)\" (known: \(merged.keys.sorted().joined(separator: ", ")))")
            }
            merged[key] = override
        }
        return merged
    }
}
