import Foundation

/// One receiver of notifications (an element of `notifications.targets`).
///
/// Incoming-webhook URLs of Slack, Mattermost and Teams carry their secret in the URL, so the URL may
/// come from a file (`url_file`) or the environment (`url_env`) as well as `url`; it is never logged.
public struct NotificationTarget: Sendable, Hashable, Codable {
    /// The target's name in logs and metrics-free diagnostics (`ops-slack`).
    public var name: String
    /// json, slack or msteams.
    public var format: NotificationFormat
    /// The URL, when written in the settings.
    public var url: String?
    /// File holding the URL.
    public var urlFile: String?
    /// Environment variable holding the URL.
    public var urlEnv: String?
    /// The events sent to this target; nil sends every event.
    public var events: [NotificationEvent]?

    /// Creates a target.
    public init(
        name: String, format: NotificationFormat, url: String? = nil, urlFile: String? = nil, urlEnv: String? = nil,
        events: [NotificationEvent]? = nil
    ) {
        self.name = name
        self.format = format
        self.url = url
        self.urlFile = urlFile
        self.urlEnv = urlEnv
        self.events = events
    }

    /// Whether `event` goes to this target.
    public func wants(_ event: NotificationEvent) -> Bool { events?.contains(event) ?? true }

    /// The URL from `url`, `url_file` or `url_env`.
    /// - Throws: ``SettingsError`` naming where it should have come from.
    public func resolvedURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let url { return url }
        if let urlFile {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: urlFile)) else {
                throw SettingsError(file: urlFile, message: "notification target \(name): url_file cannot be read")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let urlEnv, let value = environment[urlEnv], !value.isEmpty { return value }
        throw SettingsError(
            file: "settings", message: "notification target \(name): no URL (url, url_file, or url_env \(urlEnv ?? "-") unset)")
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, format, url, events
        case urlFile = "url_file", urlEnv = "url_env"
    }

    /// Decodes, rejecting unknown keys and a target with no URL source.
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        format = try c.decodeIfPresent(NotificationFormat.self, forKey: .format) ?? .json
        url = try c.decodeIfPresent(String.self, forKey: .url)
        urlFile = try c.decodeIfPresent(String.self, forKey: .urlFile)
        urlEnv = try c.decodeIfPresent(String.self, forKey: .urlEnv)
        events = try c.decodeIfPresent([NotificationEvent].self, forKey: .events)
        if [url, urlFile, urlEnv].allSatisfy({ $0 == nil }) {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: c.codingPath, debugDescription: "a target needs url, url_file or url_env"))
        }
    }
}
