import Foundation

/// Where commit statuses and pull-request comments go (`forge` in the settings file; docs/operations.md).
///
/// The token is never a value here, only where to read it: `token_file` (a 0600 file) or `token_env`
/// (default `PHOENIX_FORGE_TOKEN`), so it never appears on a command line, in the settings, a log or
/// the status branch.
public struct ForgeSettings: Sendable, Hashable, Codable {
    /// github, gitea or gitlab.
    public var provider: ForgeProvider
    /// The API base (`https://api.github.com`, `https://gitea.example/api/v1`,
    /// `https://gitlab.example/api/v4`); nil uses the provider's public default.
    public var apiURL: String?
    /// `owner/name` on GitHub and Gitea; the project path (`group/sub/project`) or numeric id on GitLab.
    public var repository: String
    /// File holding the API token.
    public var tokenFile: String?
    /// Environment variable holding the API token (used when `token_file` is not set).
    public var tokenEnv: String?
    /// The name in the status context `phoenix-gitops/<watcher>`; nil uses the watcher id.
    public var watcher: String?
    /// The status page linked from each commit status (`target_url`), e.g. `https://phoenix.example/status`.
    public var statusURL: String?
    /// Whether every run sets a commit status (false: the settings serve `pr-comment` only).
    public var commitStatuses: Bool

    /// The variable read when neither `token_file` nor `token_env` is set.
    public static let defaultTokenVariable = "PHOENIX_FORGE_TOKEN"

    /// Creates settings.
    public init(
        provider: ForgeProvider, repository: String, apiURL: String? = nil, tokenFile: String? = nil,
        tokenEnv: String? = nil, watcher: String? = nil, statusURL: String? = nil, commitStatuses: Bool = true
    ) {
        self.provider = provider
        self.repository = repository
        self.apiURL = apiURL
        self.tokenFile = tokenFile
        self.tokenEnv = tokenEnv
        self.watcher = watcher
        self.statusURL = statusURL
        self.commitStatuses = commitStatuses
    }

    /// The API base in force.
    public var resolvedAPIURL: String? { apiURL ?? provider.defaultAPIURL }

    /// Where the token is read from, for messages (never the token).
    public var tokenOrigin: String {
        if let tokenFile { return "token_file \(tokenFile)" }
        return "environment variable \(tokenEnv ?? Self.defaultTokenVariable)"
    }

    /// Reads the token from `token_file` or the environment.
    /// - Throws: ``SettingsError`` naming the file or variable (never its contents).
    public func token(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let tokenFile {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: tokenFile))
            } catch {
                throw SettingsError(file: tokenFile, message: "forge token file cannot be read: \(error.localizedDescription)")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw SettingsError(file: tokenFile, message: "forge token file is empty") }
            return token
        }
        let variable = tokenEnv ?? Self.defaultTokenVariable
        guard let token = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            throw SettingsError(
                file: "settings", message: "forge: no token: set \(variable) or forge.token_file")
        }
        return token
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case provider, repository, watcher
        case apiURL = "api_url", tokenFile = "token_file", tokenEnv = "token_env", statusURL = "status_url"
        case commitStatuses = "commit_statuses"
    }

    /// Decodes, rejecting unknown keys and a missing API base for Gitea.
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        provider = try c.decode(ForgeProvider.self, forKey: .provider)
        repository = try c.decode(String.self, forKey: .repository)
        apiURL = try c.decodeIfPresent(String.self, forKey: .apiURL)
        tokenFile = try c.decodeIfPresent(String.self, forKey: .tokenFile)
        tokenEnv = try c.decodeIfPresent(String.self, forKey: .tokenEnv)
        watcher = try c.decodeIfPresent(String.self, forKey: .watcher)
        statusURL = try c.decodeIfPresent(String.self, forKey: .statusURL)
        commitStatuses = try c.decodeIfPresent(Bool.self, forKey: .commitStatuses) ?? true
        if resolvedAPIURL == nil {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: c.codingPath, debugDescription: "gitea needs api_url (https://HOST/api/v1)"))
        }
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        if provider != .gitlab, parts.count != 2 || parts.contains(where: \.isEmpty) {
            throw DecodingError.dataCorruptedError(
                forKey: .repository, in: c, debugDescription: "must be owner/name, got \"\(repository)\"")
        }
    }
}
