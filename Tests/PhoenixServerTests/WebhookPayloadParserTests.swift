import Foundation
import PhoenixServer
import Testing

@Suite struct WebhookPayloadParserTests {
    func parse(_ provider: WebhookProvider, _ headers: [String: String], _ body: String) throws -> WebhookEvent {
        try WebhookPayloadParser.parse(provider: provider, header: { headers[$0] }, body: Array(body.utf8))
    }

    @Test func githubPush() throws {
        let event = try parse(.github, ["x-github-event": "push"], Payloads.githubPush)
        #expect(
            event == .push(
                PushEvent(
                    ref: "refs/heads/main", before: "9049f1265b7d61be4a8904a9a27120d2064dab3b",
                    after: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c")))
    }

    @Test func githubBranchDeletion() throws {
        let event = try parse(.github, ["x-github-event": "push"], Payloads.githubDelete)
        guard case .push(let push) = event else {
            Issue.record("not a push: \(event)")
            return
        }
        #expect(push.deleted)
        #expect(push.after == nil)
    }

    @Test func githubPingAndOtherEvents() throws {
        #expect(try parse(.github, ["x-github-event": "ping"], Payloads.githubPing) == .ping)
        #expect(try parse(.github, ["x-github-event": "issues"], "{}") == .other("issues"))
    }

    @Test func githubFormEncodedPayload() throws {
        let encoded = Payloads.githubPush.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let event = try parse(
            .github, ["x-github-event": "push", "content-type": "application/x-www-form-urlencoded"],
            "payload=\(encoded)")
        guard case .push(let push) = event else {
            Issue.record("not a push: \(event)")
            return
        }
        #expect(push.ref == "refs/heads/main")
    }

    @Test func giteaPushUnderEitherEventHeader() throws {
        let expected = WebhookEvent.push(
            PushEvent(
                ref: "refs/heads/develop", before: "28e1879d029cb852e4844d9c718537df08844e03",
                after: "bffeb74224043ba2feb48d137756c8a9331c449a"))
        #expect(try parse(.gitea, ["x-gitea-event": "push"], Payloads.giteaPush) == expected)
        #expect(try parse(.gitea, ["x-forgejo-event": "push"], Payloads.giteaPush) == expected)
        #expect(try parse(.gitea, ["x-gitea-event": "create"], "{}") == .other("create"))
    }

    @Test func gitlabPushHookUsesCheckoutSHA() throws {
        let event = try parse(.gitlab, ["x-gitlab-event": "Push Hook"], Payloads.gitlabPush)
        #expect(
            event == .push(
                PushEvent(
                    ref: "refs/heads/master", before: "95790bf891e76fee5e1747ab589903a6a1f80f22",
                    after: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")))
        #expect(try parse(.gitlab, ["x-gitlab-event": "Tag Push Hook"], "{}") == .other("Tag Push Hook"))
    }

    @Test func gitlabBranchDeletion() throws {
        let event = try parse(.gitlab, ["x-gitlab-event": "Push Hook"], Payloads.gitlabDelete)
        let expected = PushEvent(
            ref: "refs/heads/master", before: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", after: nil, deleted: true)
        #expect(event == .push(expected))
    }

    @Test func genericPushIsTheDefaultEvent() throws {
        let body = Payloads.generic(ref: "refs/heads/main", after: String(repeating: "ab", count: 20))
        #expect(
            try parse(.generic, [:], body)
                == .push(
                    PushEvent(
                        ref: "refs/heads/main", before: String(repeating: "0", count: 40),
                        after: String(repeating: "ab", count: 20))))
        #expect(try parse(.generic, ["x-phoenix-event": "ping"], "") == .ping)
    }

    @Test(arguments: [
        ("not json", "{"),
        ("array", "[1,2]"),
        ("no ref", #"{"after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"}"#),
        ("ref not under refs/", #"{"ref":"main"}"#),
        ("ref with newline", #"{"ref":"refs/heads/main\nx"}"#),
        ("ref of wrong type", #"{"ref":42}"#),
        ("after not a commit id", #"{"ref":"refs/heads/main","after":"$(reboot)"}"#),
        ("binary", "\u{0}\u{1}\u{2}"),
    ])
    func malformedPushesAreRefused(name: String, body: String) {
        #expect(throws: WebhookPayloadError.self, "\(name)") {
            try parse(.github, ["x-github-event": "push"], body)
        }
    }

    @Test func missingEventHeaderIsMalformed() {
        #expect(throws: WebhookPayloadError.self) { try parse(.github, [:], Payloads.githubPush) }
        #expect(throws: WebhookPayloadError.self) { try parse(.gitlab, [:], Payloads.gitlabPush) }
    }
}
