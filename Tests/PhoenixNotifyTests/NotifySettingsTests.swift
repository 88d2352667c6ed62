import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

@testable import PhoenixNotify

/// The `forge` and `notifications` settings: defaults, strict keys (a typo is an error naming it), the
/// token from a file or the environment only, and the proxy environment.
@Suite struct NotifySettingsTests {
    func load(_ json: String) throws -> WatcherSettings {
        try withScratchDirectory { scratch in
            let file = scratch.appendingPathComponent("settings.json")
            try Data(json.utf8).write(to: file)
            return try WatcherSettings.load(from: file.path)
        }
    }

    func error(_ json: String) -> String {
        do {
            _ = try load(json)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func aForgeAndTargetsAreReadWithTheirDefaults() throws {
        let settings = try load(#"""
            {"forge": {"provider": "gitlab", "repository": "infra/phoenix", "token_env": "GL_TOKEN", "watcher": "lab",
                       "status_url": "https://phoenix.example/status"},
             "notifications": {"targets": [{"name": "ops", "format": "slack", "url_env": "SLACK_URL", "events": ["run-failed", "drift-detected"]},
                                           {"name": "all", "url": "https://hooks.example/phoenix"}]}}
            """#)
        let forge = try #require(settings.forge)
        #expect(forge.provider == .gitlab && forge.resolvedAPIURL == "https://gitlab.com/api/v4" && forge.commitStatuses)
        #expect(settings.notifications.targets.map(\.format) == [.slack, .json])
        #expect(settings.notifications.targets[0].wants(.runFailed) && !settings.notifications.targets[0].wants(.driftHealed))
        #expect(settings.notifications.targets[1].wants(.certificateRenewed))
        #expect(settings.notifications.queueLimit == 256 && settings.notifications.maxAttempts == 5)
        #expect(try forge.token(environment: ["GL_TOKEN": " glpat-123\n"]) == "glpat-123")
    }

    @Test func mistakesAreErrorsThatNameTheKey() {
        #expect(error(#"{"forge": {"provider": "github", "repository": "a/b", "tokn_env": "X"}}"#).contains("unknown key \"tokn_env\""))
        #expect(error(#"{"forge": {"provider": "gitea", "repository": "a/b"}}"#).contains("gitea needs api_url"))
        #expect(error(#"{"forge": {"provider": "github", "repository": "justone"}}"#).contains("must be owner/name"))
        #expect(error(#"{"forge": {"provider": "bitbucket", "repository": "a/b"}}"#).contains("/forge/provider"))
        #expect(error(#"{"notifications": {"targets": [{"name": "x", "format": "json"}]}}"#).contains("url, url_file or url_env"))
        #expect(error(#"{"notifications": {"targets": [{"name": "x", "url": "u", "events": ["run-exploded"]}]}}"#).contains("/notifications/targets/"))
        #expect(error(#"{"notifications": {"queue_limit": 0}}"#).contains("queue_limit"))
        #expect(error(#"{"notifications": {"tragets": []}}"#).contains("unknown key \"tragets\""))
    }

    @Test func theTokenComesFromAFileOrTheEnvironmentAndErrorsNeverShowIt() throws {
        try withScratchDirectory { scratch in
            let file = scratch.appendingPathComponent("token")
            try Data("ghp_secretvalue\n".utf8).write(to: file)
            let fromFile = ForgeSettings(provider: .github, repository: "a/b", tokenFile: file.path)
            #expect(try fromFile.token(environment: [:]) == "ghp_secretvalue")
            let missing = ForgeSettings(provider: .github, repository: "a/b", tokenFile: scratch.appendingPathComponent("nope").path)
            #expect(throws: SettingsError.self) { try missing.token(environment: [:]) }
            let unset = ForgeSettings(provider: .github, repository: "a/b")
            do {
                _ = try unset.token(environment: [:])
                Issue.record("no token should be an error")
            } catch {
                #expect("\(error)".contains("PHOENIX_FORGE_TOKEN"))
            }
        }
    }

    @Test func proxiesComeFromTheEnvironmentAndNeverServeLoopback() {
        let proxies = ProxyEnvironment(environment: [
            "HTTPS_PROXY": "http://user:p%40ss@proxy.corp:3128", "http_proxy": "proxy.corp:8080",
            "NO_PROXY": "gitea.internal, .corp.example",
        ])
        #expect(proxies.proxy(for: "https://api.github.com/repos") == ProxyEnvironment.Server(host: "proxy.corp", port: 3128, username: "user", password: "p@ss"))
        #expect(proxies.proxy(for: "http://hooks.example/x")?.port == 8080)
        #expect(proxies.proxy(for: "https://gitea.internal/api/v1") == nil)
        #expect(proxies.proxy(for: "https://git.corp.example/api/v4") == nil)
        #expect(proxies.proxy(for: "http://127.0.0.1:8080/hooks/x") == nil)
        #expect(proxies.proxy(for: "http://localhost/hooks/x") == nil)
        #expect(ProxyEnvironment(environment: ["HTTPS_PROXY": "http://p:1", "NO_PROXY": "*"]).proxy(for: "https://api.github.com") == nil)
    }

    @Test func retryTimingBacksOffAndHonoursRetryAfterWithinBounds() {
        let timing = RetryTiming(baseSeconds: 2, maxSeconds: 300, maxRetryAfterSeconds: 900)
        #expect([1, 2, 3, 4].map { timing.delay(afterAttempt: $0, retryAfter: nil) } == [2, 4, 8, 16])
        #expect(timing.delay(afterAttempt: 20, retryAfter: nil) == 300)
        #expect(timing.delay(afterAttempt: 1, retryAfter: 60) == 60)
        #expect(timing.delay(afterAttempt: 3, retryAfter: 1) == 8)
        #expect(timing.delay(afterAttempt: 1, retryAfter: 86_400) == 900)
        let date = OutboundResponse(status: 429, headers: ["retry-after": "Sat, 05 Dec 2026 12:00:30 GMT"])
        #expect(date.retryAfter(now: Date(timeIntervalSince1970: 1_796_472_000)) == 30)
    }
}
