import Foundation
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import PhoenixTesting
import Testing

/// A real server on 127.0.0.1 (a free port the kernel picks) and real HTTP clients.
@Suite struct LiveServerTests {
    @Test func signedGitHubPushOverLoopback() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        let body = Array(Payloads.githubPush.utf8)
        try await test.app.test(.live) { client in
            #expect(client.port != nil)
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "push", body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .accepted)
                #expect(try TestServer.reply(response).runID == "run-1")
            }
            try await client.execute(uri: "/healthz", method: .get) { response throws in
                #expect(response.status == .ok)
            }
        }
        #expect(await reconciler.triggers.map(\.commitHint) == ["0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"])
    }

    @Test func oversizedBodyOverTheWireIs413() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler, maxBody: 64 * 1024)
        let big = Array(repeating: UInt8(ascii: "a"), count: 512 * 1024)
        try await test.app.test(.live) { client in
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "push", body: big),
                body: ByteBuffer(bytes: big)
            ) { response throws in
                #expect(response.status == .contentTooLarge)
            }
        }
        #expect(await reconciler.triggers.isEmpty)
        #expect(test.sample(PhoenixMetrics.Name.webhookRequests, [("provider", "github"), ("result", "too_large")]) == 1)
    }
}
