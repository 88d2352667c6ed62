import Foundation
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import PhoenixTesting
import Testing

/// hooks/post-receive run for real by `git push` into a bare repository, against a live server.
@Suite struct PostReceiveHookTests {
    static let hook = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("hooks/post-receive")

    /// A bare repository with the hook installed, a clone-like work repository with one commit, and a
    /// secret file (0600) holding `secret`.
    struct Fixture {
        let scratch: ScratchDirectory
        let bare: GitCLI
        let work: GitCLI
        let commit: String
        let secretFile: URL

        init(secret: String) throws {
            scratch = try ScratchDirectory(prefix: "phoenix-server-hook")
            bare = try GitCLI.initRepository(at: scratch.path("config.git"), bare: true)
            let installed = scratch.path("config.git/hooks/post-receive")
            try FileManager.default.copyItem(at: PostReceiveHookTests.hook, to: installed)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: installed.path)
            work = try GitCLI.initRepository(at: scratch.path("work"))
            commit = try work.commit(["config/phoenix_hypervisor_config.json": "{}\n"], message: "config")
            secretFile = scratch.path("webhook.secret")
            try Data((secret + "\n").utf8).write(to: secretFile)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile.path)
        }

        func configure(port: Int) throws {
            try bare.run("config", "phoenix.webhookURL", "http://127.0.0.1:\(port)/hooks/generic")
            try bare.run("config", "phoenix.webhookSecretFile", secretFile.path)
        }

        /// `git push <bare> HEAD:<refs>...`, run off the cooperative pool; returns git's stderr.
        func push(_ refs: [String]) async throws -> String {
            let work = self.work
            let target = bare.directory.path
            return try await onThread {
                try work.runData(["push", target] + refs.map { "HEAD:\($0)" }).stderr
            }
        }
    }

    @Test func pushPostsASignedWebhookPerRef() async throws {
        let fixture = try Fixture(secret: TestServer.secretText)
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        let output = try await test.app.test(.live) { client in
            try fixture.configure(port: try #require(client.port))
            return try await fixture.push(["refs/heads/main", "refs/heads/feature"])
        }
        #expect(output.contains("phoenix: refs/heads/main: run run-1 started"), "\(output)")
        #expect(output.contains("phoenix: refs/heads/feature: ignored: branch"), "\(output)")
        let triggers = await reconciler.triggers
        #expect(triggers.count == 1)
        #expect(triggers.first?.provider == .generic)
        #expect(triggers.first?.ref == "refs/heads/main")
        #expect(triggers.first?.commitHint == fixture.commit)
        #expect(test.sample(PhoenixMetrics.Name.webhookRequests, [("provider", "generic"), ("result", "accepted")]) == 1)
        #expect(test.sample(PhoenixMetrics.Name.webhookRequests, [("provider", "generic"), ("result", "ignored")]) == 1)
    }

    @Test func wrongSecretIsRefusedAndThePushStillSucceeds() async throws {
        let fixture = try Fixture(secret: "not the watcher's secret")
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        let output = try await test.app.test(.live) { client in
            try fixture.configure(port: try #require(client.port))
            return try await fixture.push(["refs/heads/main"])
        }
        #expect(output.contains("phoenix: warning: refs/heads/main: the watcher answered 401 unauthorized"), "\(output)")
        #expect(try fixture.bare.revParse("refs/heads/main") == fixture.commit)
        #expect(await reconciler.triggers.isEmpty)
        #expect(test.sample(PhoenixMetrics.Name.webhookRequests, [("provider", "generic"), ("result", "unauthorized")]) == 1)
    }

    @Test func unconfiguredHookDoesNothingAndUnreachableWatcherOnlyWarns() async throws {
        let fixture = try Fixture(secret: "whatever")
        let silent = try await fixture.push(["refs/heads/main"])
        #expect(!silent.contains("phoenix:"), "\(silent)")

        let port = try #require(LoopbackPort.closed())
        try fixture.configure(port: Int(port))
        let warned = try await fixture.push(["refs/heads/other"])
        let expected = "phoenix: warning: refs/heads/other: the watcher at http://127.0.0.1:\(port)/hooks/generic is unreachable"
        #expect(warned.contains(expected), "\(warned)")
    }
}
