import Foundation
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import PhoenixTesting
import Testing

/// The HTML status page at `GET /`: verdict precedence, escaping, the route, and a real headless browser.
@Suite struct StatusPageTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let tip = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"
    static let older = "9fceb02d0ae598e95dc970b74767f19372d61af8"
    static let hostile = #"<script>document.title='pwned'</script><img src=x onerror="document.title='pwned'">&amp;"#

    static func model(
        result: String? = "succeeded", stages: [StatusPageModel.Stage]? = nil, tip: String? = tip,
        findings: [StatusPageModel.Finding] = [], errors: [String] = [], inProgress: String? = nil,
        forge: String? = nil
    ) -> StatusPageModel {
        StatusPageModel(
            watcher: "host-1234abcd", repository: "https://git.example/platform/config.git", branch: "main",
            trackedTip: tip, lastTarget: Self.tip, lastTargetResult: result, lastRunErrors: errors,
            runInProgress: inProgress,
            stages: stages ?? [
                .init(
                    id: "dns", decision: "run", result: "succeeded", commit: Self.tip, subject: hostile,
                    durationSeconds: 1.25, drift: "in-sync"),
                .init(id: "firewall", decision: "skip", result: "up-to-date", commit: older, subject: "open 443"),
            ],
            runs: [
                .init(
                    id: "1a2b3c4d5e6f", startedAt: now, trigger: "webhook (github)", commit: Self.tip, subject: hostile,
                    author: "Ada <ada@example.org>", result: result ?? "running", ran: ["dns"]),
            ],
            driftCheckedAt: findings.isEmpty ? nil : now, findings: findings, commitURLPrefix: forge, generatedAt: now)
    }

    @Test func verdictFollowsThePrecedence() {
        #expect(Self.model().verdict.0 == .inSync)
        #expect(Self.model(result: nil).verdict.0 == .unknown)
        #expect(Self.model(tip: Self.older).verdict.0 == .progressing)
        #expect(Self.model(inProgress: "abc").verdict.0 == .progressing)
        let drifted = StatusPageModel.Finding(stage: "dns", state: "drifted", object: "/etc/dnsmasq.d/x", message: "changed")
        #expect(Self.model(findings: [drifted]).verdict == (.outOfSync, "drift in dns"))
        let failed = StatusPageModel.Stage(id: "swarm", result: "failed", message: "docker: exit 1")
        let degraded = Self.model(stages: [failed], findings: [drifted]).verdict
        #expect(degraded.0 == .degraded)
        #expect(degraded.1.contains("swarm") && degraded.1.contains("docker: exit 1"))
        let refused = Self.model(result: "invalid", stages: [failed], errors: ["config/x.json:3:7: error"]).verdict
        #expect(refused.0 == .refusedTip)
        #expect(refused.1.contains("config/x.json:3:7"))
        // An operator's suspension comes before everything else (ADR 0045).
        var suspended = Self.model(result: "invalid", stages: [failed], errors: ["config/x.json:3:7: error"])
        suspended.suspension = "suspended by Ada <ada@example.org> since 2026-12-05T10:00:00Z: maintenance"
        #expect(suspended.verdict.0 == .suspended)
        #expect(suspended.verdict.1.contains("by Ada <ada@example.org>") && suspended.verdict.1.contains("phoenix-gitops resume"))
        #expect(StatusPage.render(suspended).contains("by Ada &lt;ada@example.org&gt;"))
    }

    @Test func untrustedTextIsEscapedEverywhere() {
        let finding = StatusPageModel.Finding(
            stage: "dns", state: "drifted", object: "<b>x</b>", message: "\"quoted\"", diff: "-<old>\n+</pre><script>")
        let html = StatusPage.render(Self.model(findings: [finding]))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>x"))
        #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"))
        #expect(html.contains("&amp;amp;"))
        #expect(html.contains("+&lt;/pre&gt;&lt;script&gt;"))
    }

    @Test func commitsLinkToTheForgeWhenConfigured() {
        let github = ForgeSettings(provider: .github, repository: "platform/config")
        #expect(StatusPageModel.commitURLPrefix(github) == "https://github.com/platform/config/commit/")
        let gitlab = ForgeSettings(provider: .gitlab, repository: "g/p", apiURL: "https://gitlab.example/api/v4/")
        #expect(StatusPageModel.commitURLPrefix(gitlab) == "https://gitlab.example/g/p/-/commit/")
        let gitea = ForgeSettings(provider: .gitea, repository: "o/r", apiURL: "https://gitea.example/api/v1")
        #expect(StatusPageModel.commitURLPrefix(gitea) == "https://gitea.example/o/r/commit/")
        let linked = StatusPage.render(Self.model(forge: "https://github.com/platform/config/commit/"))
        #expect(linked.contains("href=\"https://github.com/platform/config/commit/\(Self.tip)\""))
        #expect(!StatusPage.render(Self.model()).contains("<a href"))
    }

    @Test func rootServesThePageWithAStrictPolicy() async throws {
        let test = try TestServer(service: PageReconciler(model: Self.model()))
        try await test.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                let body = String(buffer: response.body)
                #expect(body.contains("<meta http-equiv=\"refresh\""))
                #expect(!body.contains("<script"))
            }
        }
        let plain = try TestServer(service: RecordingReconciler())
        try await plain.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response throws in #expect(response.status == .notFound) }
        }
    }

    /// Debian's chromium, headless, loads the page from a live server: the DOM it builds has the verdict,
    /// one table row per stage, and the hostile subject as text (no script ran: the title is intact).
    @Test func aRealBrowserRendersThePage() async throws {
        let chromium = try #require(Self.chromium, "chromium is not installed (scripts/bootstrap installs it)")
        let drifted = StatusPageModel.Finding(
            stage: "dns", state: "drifted", object: "/etc/dnsmasq.d/hosts.conf", message: "content differs",
            diff: "-host-a 10.0.0.1\n+host-a 10.0.0.9")
        let test = try TestServer(service: PageReconciler(model: Self.model(findings: [drifted])))
        let scratch = try ScratchDirectory()
        try await test.app.test(.live) { client in
            let port = try #require(client.port)
            let dom = try await onThread {
                try TestProcess.run(
                    chromium,
                    [
                        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                        "--user-data-dir=\(scratch.url.path)", "--dump-dom", "http://127.0.0.1:\(port)/",
                    ], timeout: 90)
            }
            #expect(dom.succeeded, "\(dom.stderr)")
            let text = dom.stdout
            #expect(text.contains("<title>phoenix-gitops: out of sync</title>"))
            #expect(text.contains("drift in dns"))
            #expect(text.contains("<th scope=\"row\"><code>dns</code></th>"))
            #expect(text.contains("<th scope=\"row\"><code>firewall</code></th>"))
            #expect(text.contains("+host-a 10.0.0.9"))
            // The hostile subject is text in the DOM, never an element.
            #expect(text.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"))
            #expect(!text.contains("<img"))
            #expect(!text.contains("pwned</title>"))
            let shot = scratch.url.appendingPathComponent("page.png")
            let screenshot = try await onThread {
                try TestProcess.run(
                    chromium,
                    [
                        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                        "--user-data-dir=\(scratch.url.path)", "--window-size=1100,800",
                        "--screenshot=\(shot.path)", "http://127.0.0.1:\(port)/",
                    ], timeout: 90)
            }
            #expect(screenshot.succeeded, "\(screenshot.stderr)")
            let png = try Data(contentsOf: shot)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            if let keep = ProcessInfo.processInfo.environment["PHOENIX_SCREENSHOT"] {
                try png.write(to: URL(fileURLWithPath: keep))
            }
        }
    }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
