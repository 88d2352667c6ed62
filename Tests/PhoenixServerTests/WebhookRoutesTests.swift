import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import Testing

/// The webhook endpoints through Hummingbird's router test client (no sockets).
@Suite struct WebhookRoutesTests {
    @Test func githubPingAnswers200WithoutARun() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        let body = Array(Payloads.githubPing.utf8)
        try await test.app.test(.router) { client in
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "ping", body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .ok)
                #expect(try TestServer.reply(response).result == "pong")
            }
        }
        #expect(await reconciler.triggers.isEmpty)
        #expect(test.sample(PhoenixMetrics.Name.webhookRequests, [("provider", "github"), ("result", "ping")]) == 1)
    }

    @Test func pushToTheTrackedBranchQueuesARunAndAnswersItsID() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        let body = Array(Payloads.githubPush.utf8)
        try await test.app.test(.router) { client in
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "push", body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .accepted)
                let reply = try TestServer.reply(response)
                #expect(reply.result == "queued")
                #expect(reply.runID == "run-1")
                #expect(reply.disposition == "started")
            }
        }
        let triggers = await reconciler.triggers
        #expect(triggers.count == 1)
        #expect(triggers.first?.source == .webhook)
        #expect(triggers.first?.provider == .github)
        #expect(triggers.first?.ref == "refs/heads/main")
        #expect(triggers.first?.commitHint == "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c")
        #expect(triggers.first?.deliveryID == "72d3162e-cc78-11e3-81ab-4c9367dc0958")
        #expect(test.sample(PhoenixMetrics.Name.webhookRequests, [("provider", "github"), ("result", "accepted")]) == 1)
        // The reconciler counts triggers (every source in one place); the server must not count them again.
        #expect(test.sample(PhoenixMetrics.Name.triggers, [("source", "webhook"), ("disposition", "started")]) == nil)
    }

    @Test func pushToAnotherBranchIsIgnoredWithAReason() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler, branch: "production")
        let body = Array(Payloads.githubPush.utf8)
        try await test.app.test(.router) { client in
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "push", body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .accepted)
                let reply = try TestServer.reply(response)
                #expect(reply.result == "ignored: branch")
                #expect(reply.detail == "refs/heads/main")
                #expect(reply.runID == nil)
            }
        }
        #expect(await reconciler.triggers.isEmpty)
    }

    @Test func deletingTheTrackedBranchCausesNoRun() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        let body = Array(Payloads.githubDelete.utf8)
        try await test.app.test(.router) { client in
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "push", body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .accepted)
                #expect(try TestServer.reply(response).result == "ignored: deleted")
            }
        }
        #expect(await reconciler.triggers.isEmpty)
    }

    @Test(arguments: [
        (WebhookProvider.gitea, "push", Payloads.giteaPush, "develop", "bffeb74224043ba2feb48d137756c8a9331c449a"),
        (WebhookProvider.gitlab, "Push Hook", Payloads.gitlabPush, "master", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"),
        (
            WebhookProvider.generic, "push",
            Payloads.generic(ref: "refs/heads/main", after: "1111111111111111111111111111111111111111"), "main",
            "1111111111111111111111111111111111111111"
        ),
    ])
    func eachProviderTriggersOnItsPushShape(
        provider: WebhookProvider, event: String, payload: String, branch: String, commit: String
    ) async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler, branch: branch)
        let body = Array(payload.utf8)
        try await test.app.test(.router) { client in
            try await client.execute(
                uri: provider.path, method: .post, headers: try TestServer.headers(provider, event: event, body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .accepted)
                #expect(try TestServer.reply(response).runID == "run-1")
            }
        }
        let triggers = await reconciler.triggers
        #expect(triggers.map(\.provider) == [provider])
        #expect(triggers.map(\.commitHint) == [commit])
    }

    @Test(arguments: WebhookProvider.allCases)
    func wrongSignatureIs401CountedAndRunsNothing(provider: WebhookProvider) async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        let body = Array(Payloads.generic(ref: "refs/heads/main", after: String(repeating: "a", count: 40)).utf8)
        let event = provider == .gitlab ? "Push Hook" : "push"
        let forged = try TestServer.headers(provider, event: event, body: body, secret: "guessed")
        var unsigned = forged
        for name in ["X-Hub-Signature-256", "X-Gitea-Signature", "X-Gitlab-Token", "X-Phoenix-Signature"] {
            unsigned[HTTPField.Name(name)!] = nil
        }
        let attempts = [forged, unsigned]
        try await test.app.test(.router) { client in
            for headers in attempts {
                try await client.execute(uri: provider.path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                    response throws in
                    #expect(response.status == .unauthorized)
                    #expect(try TestServer.reply(response).result == "unauthorized")
                }
            }
        }
        #expect(await reconciler.triggers.isEmpty)
        let counted = test.sample(
            PhoenixMetrics.Name.webhookRequests, [("provider", provider.rawValue), ("result", "unauthorized")])
        #expect(counted == 2)
    }

    @Test func oversizedBodiesAre413WhateverContentLengthSays() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler, maxBody: 1024)
        let body = Array(repeating: UInt8(ascii: "x"), count: 4096)
        let signed = try TestServer.headers(.github, event: "push", body: body)
        // No Content-Length (read until the limit), an honest one (refused before reading), a lying one.
        for declared in [nil, "4096", "10"] {
            var fields = signed
            fields[.contentLength] = declared
            let headers = fields
            try await test.app.test(.router) { client in
                try await client.execute(uri: "/hooks/github", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                    response throws in
                    #expect(response.status == .contentTooLarge, "Content-Length \(declared ?? "none")")
                    #expect(try TestServer.reply(response).result == "too large")
                }
            }
        }
        #expect(await reconciler.triggers.isEmpty)
        #expect(test.sample(PhoenixMetrics.Name.webhookRequests, [("provider", "github"), ("result", "too_large")]) == 3)
    }

    @Test func malformedSignedBodiesAre400() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        try await test.app.test(.router) { client in
            for text in ["{", "[]", #"{"ref":"main"}"#, "\u{FF}\u{FE}"] {
                let body = Array(text.utf8)
                try await client.execute(
                    uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "push", body: body),
                    body: ByteBuffer(bytes: body)
                ) { response throws in
                    #expect(response.status == .badRequest)
                    #expect(try TestServer.reply(response).result == "malformed")
                }
            }
        }
        #expect(await reconciler.triggers.isEmpty)
        #expect(test.sample(PhoenixMetrics.Name.webhookRequests, [("provider", "github"), ("result", "malformed")]) == 4)
    }

    @Test func withoutASecretWebhooksAreUnavailableNeverAccepted() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler, secret: nil)
        let body = Array(Payloads.githubPush.utf8)
        try await test.app.test(.router) { client in
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "push", body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .serviceUnavailable)
            }
        }
        #expect(await reconciler.triggers.isEmpty)
    }

    @Test func aRefusedTriggerIs503NotASilent2xx() async throws {
        let reconciler = RecordingReconciler(disposition: .refused)
        let test = try TestServer(service: reconciler)
        let body = Array(Payloads.githubPush.utf8)
        try await test.app.test(.router) { client in
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "push", body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .serviceUnavailable)
                #expect(try TestServer.reply(response).detail == "shutting down")
            }
        }
        #expect(await reconciler.triggers.count == 1)
    }

    @Test func otherEventsAreIgnoredByName() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler)
        let body = Array("{}".utf8)
        try await test.app.test(.router) { client in
            try await client.execute(
                uri: "/hooks/github", method: .post, headers: try TestServer.headers(.github, event: "issues", body: body),
                body: ByteBuffer(bytes: body)
            ) { response throws in
                #expect(response.status == .accepted)
                let reply = try TestServer.reply(response)
                #expect(reply.result == "ignored: event")
                #expect(reply.detail == "issues")
            }
        }
        #expect(await reconciler.triggers.isEmpty)
    }
}
