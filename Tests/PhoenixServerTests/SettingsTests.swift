import Foundation
import PhoenixEngine
import PhoenixServer
import PhoenixTesting
import Testing

@Suite struct SettingsTests {
    @Test func secretFromTheSettingsFileWinsOverTheEnvironment() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-server-secret")
        let file = scratch.path("secret")
        try Data("from-file-0123456789\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        var settings = WatcherSettings()
        settings.webhookSecretFile = file.path
        let environment = ["PHOENIX_WEBHOOK_SECRET": "from-env-0123456789"]
        let secret = try #require(try WebhookSecret.load(settings: settings, environment: environment))
        #expect(secret.origin == file.path)
        // Proven by behaviour, not by reading the value: the file's secret (newline trimmed) signs.
        let body = Array("x".utf8)
        let signature = WebhookSignature.sign(body, secret: try WebhookSecret(Array("from-file-0123456789".utf8), origin: "t"))
        #expect(WebhookSignature.check(provider: .github, header: { _ in signature }, body: body, secret: secret) == .valid)
    }

    @Test func secretFromTheEnvironmentOrNone() throws {
        let settings = WatcherSettings()
        let secret = try WebhookSecret.load(settings: settings, environment: ["PHOENIX_WEBHOOK_SECRET": "sixteen-bytes-or-more"])
        #expect(secret?.origin == "$PHOENIX_WEBHOOK_SECRET")
        #expect(try WebhookSecret.load(settings: settings, environment: [:]) == nil)
    }

    /// Issue #12, L4: a secret under 16 bytes, or a file its group or everyone can read, stops the start.
    @Test func weakOrExposedSecretsAreErrors() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-server-secret")
        let file = scratch.path("secret")
        try Data("a\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        var settings = WatcherSettings()
        settings.webhookSecretFile = file.path
        #expect(throws: WebhookSecretError.tooShort(origin: file.path, bytes: 1)) {
            try WebhookSecret.load(settings: settings, environment: [:])
        }
        try Data("long-enough-secret-0123456789\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(throws: WebhookSecretError.exposed(path: file.path, mode: "0644")) {
            try WebhookSecret.load(settings: settings, environment: [:])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        #expect(throws: WebhookSecretError.exposed(path: file.path, mode: "0640")) {
            try WebhookSecret.load(settings: settings, environment: [:])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        #expect(try WebhookSecret.load(settings: settings, environment: [:])?.origin == file.path)
        #expect(throws: WebhookSecretError.tooShort(origin: "$PHOENIX_WEBHOOK_SECRET", bytes: 15)) {
            try WebhookSecret.load(settings: WatcherSettings(), environment: ["PHOENIX_WEBHOOK_SECRET": "fifteen-bytes!!"])
        }
        #expect(!WebhookSecretError.exposed(path: file.path, mode: "0644").description.contains("long-enough"))
    }

    @Test func unreadableOrEmptySecretsAreErrorsNotFallbacks() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-server-secret")
        var settings = WatcherSettings()
        settings.webhookSecretFile = scratch.path("missing").path
        #expect(throws: WebhookSecretError.self) {
            try WebhookSecret.load(settings: settings, environment: ["PHOENIX_WEBHOOK_SECRET": "s"])
        }
        let empty = scratch.path("empty")
        try Data(" \n".utf8).write(to: empty)
        settings.webhookSecretFile = empty.path
        #expect(throws: WebhookSecretError.empty(origin: empty.path)) {
            try WebhookSecret.load(settings: settings, environment: [:])
        }
        #expect(throws: WebhookSecretError.self) {
            try WebhookSecret.load(settings: WatcherSettings(), environment: ["PHOENIX_WEBHOOK_SECRET": ""])
        }
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080),
        ("[::1]:9000", "::1", 9000),
        ("localhost:0", "localhost", 0),
        (":8080", "0.0.0.0", 8080),
    ])
    func listenAddresses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test(arguments: ["8080", "host:", "host:http", "host:70000", "::1:80", "a b:80", "[::1]:-1"])
    func invalidListenAddresses(text: String) {
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: text) }
    }

    @Test func configurationFromSettings() throws {
        var settings = WatcherSettings()
        settings.branch = "production"
        settings.listen = "127.0.0.1:9999"
        settings.intervalSeconds = 600
        let configuration = try WatcherServerConfiguration(settings: settings, webhookSecret: nil)
        #expect(configuration.trackedBranch == "production")
        #expect(configuration.listen == ListenAddress(host: "127.0.0.1", port: 9999))
        #expect(configuration.readinessMaxFetchAge == .seconds(1800))
        #expect(configuration.maxWebhookBodyBytes == 1_048_576)
        settings.intervalSeconds = .infinity
        #expect(try WatcherServerConfiguration(settings: settings, webhookSecret: nil).readinessMaxFetchAge == .seconds(300))
    }
}
