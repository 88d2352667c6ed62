public import Foundation
import Crypto
public import PhoenixEngine

/// The shared webhook secret. It is read from the file named in the settings (`webhook_secret_file`) or,
/// when no file is named, from the environment variable `PHOENIX_WEBHOOK_SECRET`; never from the command
/// line, where `ps` would show it. Its description never shows the value.
public struct WebhookSecret: Sendable, CustomStringConvertible {
    /// The environment variable read when the settings name no file.
    public static let environmentVariable = "PHOENIX_WEBHOOK_SECRET"

    /// Where the secret came from (a file path or the variable name), for logs.
    public let origin: String
    let bytes: [UInt8]

    /// A secret from bytes (leading and trailing white space removed, so a file ending in a newline works).
    /// Throws ``WebhookSecretError`` when nothing is left.
    public init(_ value: some Collection<UInt8>, origin: String) throws(WebhookSecretError) {
        let text = String(decoding: Array(value), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .empty(origin: origin) }
        self.bytes = Array(text.utf8)
        self.origin = origin
    }

    /// The HMAC key.
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// `WebhookSecret(from: <origin>, redacted)`.
    public var description: String { "WebhookSecret(from: \(origin), redacted)" }

    /// Loads the secret the settings point at: the file `settings.webhookSecretFile` when set (an unreadable
    /// or empty file, one its group or everyone may read, or a secret under `minimumBytes` is an error that
    /// stops the start, never a silent fallback), else `PHOENIX_WEBHOOK_SECRET` from
    /// `environment`, else nil (webhooks are then answered 503, never accepted unsigned).
    public static func load(
        settings: WatcherSettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(WebhookSecretError) -> WebhookSecret? {
        if let file = settings.webhookSecretFile {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw .unreadable(path: file, reason: (error as NSError).localizedDescription)
            }
            let secret = try WebhookSecret(data, origin: file)
            if let permissions = (try? FileManager.default.attributesOfItem(atPath: file))?[.posixPermissions] as? Int,
                permissions & 0o077 != 0
            {
                throw .exposed(path: file, mode: "0" + String(permissions & 0o7777, radix: 8))
            }
            return try secret.requiringStrength()
        }
        if let value = environment[environmentVariable] {
            return try WebhookSecret(Array(value.utf8), origin: "$\(environmentVariable)").requiringStrength()
        }
        return nil
    }

    /// The fewest bytes a loaded secret may have (a 128-bit key).
    public static let minimumBytes = 16

    /// Self, or ``WebhookSecretError/tooShort(origin:bytes:)``.
    func requiringStrength() throws(WebhookSecretError) -> WebhookSecret {
        guard bytes.count >= Self.minimumBytes else { throw .tooShort(origin: origin, bytes: bytes.count) }
        return self
    }
}
