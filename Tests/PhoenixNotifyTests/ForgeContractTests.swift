import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

@testable import PhoenixNotify

/// Issue 14, "How to test it for real": the forge clients against a local HTTP server that checks each
/// request as the providers document it (method, path, auth header, JSON fields) and answers with their
/// documented bodies, including 401, 404, 422, 429 with Retry-After and 5xx.
@Suite struct ForgeContractTests {
    static let sha = "8d090b0b7b5e4a2d0b1c9f3e6a7d5c4b3a291807"

    static func status(_ state: CommitState) -> CommitStatus {
        CommitStatus(
            sha: sha, state: state, description: "5 stages ran, 1 failed: dns", context: "phoenix-gitops/lab",
            targetURL: "https://phoenix.example/status")
    }

    /// What each provider documents for `POST …/statuses/{sha}`.
    static func expectedStatusRequest(_ provider: ForgeProvider) -> (path: String, auth: (String, String), stateField: String) {
        switch provider {
        case .github: ("/repos/infra/phoenix-config/statuses/\(sha)", ("authorization", "Bearer "), "context")
        case .gitea: ("/api/v1/repos/infra/phoenix-config/statuses/\(sha)", ("authorization", "token "), "context")
        case .gitlab: ("/api/v4/projects/infra%2Fphoenix%2Fconfig/statuses/\(sha)", ("private-token", ""), "name")
        }
    }

    @Test(arguments: ForgeProvider.allCases)
    func aCommitStatusIsSentExactlyAsDocumented(_ provider: ForgeProvider) async throws {
        let world = try ForgeWorld(provider)
        let queue = world.queue()
        await world.withRunning(queue) {
            for state in [CommitState.pending, .success, .failure, .error] {
                await queue.enqueue(
                    Delivery(
                        key: "k-\(state)", channel: "commit_status", label: "status \(state)",
                        request: try! world.api.statusRequest(Self.status(state)), secrets: [world.token]))
            }
            #expect(await queue.drain(timeout: .seconds(600)))
        }
        await world.close()
        let requests = world.forge.requests()
        #expect(requests.count == 4, "\(requests)")
        let expected = Self.expectedStatusRequest(provider)
        let states = provider == .gitlab ? ["running", "success", "failed", "failed"] : ["pending", "success", "failure", "error"]
        for (request, state) in zip(requests, states) {
            #expect(request.method == "POST")
            #expect(request.path == expected.path)
            #expect(request.headers[expected.auth.0] == expected.auth.1 + world.token)
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["user-agent"] == "phoenix-gitops")
            if provider == .github {
                #expect(request.headers["accept"] == "application/vnd.github+json")
                #expect(request.headers["x-github-api-version"] == "2022-11-28")
            }
            let body = try #require(request.json)
            #expect(Set(body.keys) == ["state", expected.stateField, "description", "target_url"])
            #expect(body["state"] as? String == state)
            #expect(body[expected.stateField] as? String == "phoenix-gitops/lab")
            #expect(body["description"] as? String == "5 stages ran, 1 failed: dns")
            #expect(body["target_url"] as? String == "https://phoenix.example/status")
        }
        #expect(world.count("commit_status", "sent") == 4)
        #expect(world.count("commit_status", "failed") == 0)
        #expect(world.tokenNeverLogged)
    }

    @Test(arguments: ForgeProvider.allCases)
    func answersThatWaitingCannotChangeFailAtOnceAndAreCountedNotLost(_ provider: ForgeProvider) async throws {
        let world = try ForgeWorld(provider)
        // 401 (a wrong token: the stand-in's own check), 404 (another repository), 422 (a queued fault).
        let wrongToken = ForgeAPI(provider: provider, baseURL: world.forge.apiURL, repository: ForgeWorld.repository(provider), token: "not-the-token")
        let wrongRepository = ForgeAPI(provider: provider, baseURL: world.forge.apiURL, repository: "someone/else", token: world.token)
        try world.forge.fail([.init(status: 422, body: #"{"message": "Validation Failed", "errors": [{"message": "No commit found for SHA"}]}"#, match: "/statuses/")])
        let queue = world.queue(maxAttempts: 5)
        await world.withRunning(queue) {
            await queue.enqueue(Delivery(key: "422", channel: "commit_status", label: "unknown commit", request: try! world.api.statusRequest(Self.status(.success)), secrets: [world.token]))
            await queue.enqueue(Delivery(key: "401", channel: "commit_status", label: "bad token", request: try! wrongToken.statusRequest(Self.status(.success)), secrets: ["not-the-token"]))
            await queue.enqueue(Delivery(key: "404", channel: "commit_status", label: "wrong repository", request: try! wrongRepository.statusRequest(Self.status(.success)), secrets: [world.token]))
            #expect(await queue.drain(timeout: .seconds(600)))
        }
        await world.close()
        let requests = world.forge.requests()
        #expect(requests.count == 3, "one attempt each, no retries: \(requests.map(\.path))")
        #expect(world.count("commit_status", "failed") == 3)
        #expect(world.count("commit_status", "sent") == 0)
        let failures = world.logs.all.filter { $0.contains("delivery failed") }
        #expect(failures.count == 3, "\(world.logs.all)")
        #expect(failures.contains { $0.contains("HTTP 401") && $0.contains("bad token") })
        #expect(failures.contains { $0.contains("HTTP 404") && $0.contains("wrong repository") })
        #expect(failures.contains { $0.contains("HTTP 422") && $0.contains("No commit found for SHA") })
        #expect(world.tokenNeverLogged)
        #expect(!world.logs.all.contains { $0.contains("not-the-token") })
    }

    @Test(arguments: ForgeProvider.allCases)
    func rateLimitsAndServerErrorsAreRetriedHonouringRetryAfterAndBounded(_ provider: ForgeProvider) async throws {
        let world = try ForgeWorld(provider)
        // The first status meets 429 with Retry-After: 1 then 502, and is sent on its third attempt;
        // the second meets 503 on every attempt and gives up after exactly max_attempts (3).
        try world.forge.fail([
            .init(status: 429, headers: ["Retry-After": "1"], body: #"{"message": "API rate limit exceeded"}"#, match: "/statuses/"),
            .init(status: 502, body: #"{"message": "Bad Gateway"}"#, match: "/statuses/"),
        ])
        let queue = world.queue(maxAttempts: 3)
        let clock = ContinuousClock()
        let start = clock.now
        await world.withRunning(queue) {
            await queue.enqueue(Delivery(key: "a", channel: "commit_status", label: "first", request: try! world.api.statusRequest(Self.status(.success)), secrets: [world.token]))
            #expect(await queue.drain(timeout: .seconds(600)))
        }
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(1000), "Retry-After: 1 was not honoured (\(elapsed))")
        #expect(world.forge.requests().count == 3)
        #expect(world.count("commit_status", "sent") == 1)

        try world.forge.fail(Array(repeating: .init(status: 503, body: #"{"message": "Service Unavailable"}"#), count: 5))
        await world.withRunning(queue) {
            await queue.enqueue(Delivery(key: "b", channel: "commit_status", label: "second", request: try! world.api.statusRequest(Self.status(.failure)), secrets: [world.token]))
            #expect(await queue.drain(timeout: .seconds(600)))
        }
        await world.close()
        #expect(world.forge.requests().count == 6, "3 + exactly 3 attempts for the second")
        #expect(world.count("commit_status", "failed") == 1)
        #expect(world.logs.all.filter { $0.contains("will retry") }.count == 4)
        #expect(world.tokenNeverLogged)
    }

    @Test(arguments: ForgeProvider.allCases)
    func onePlanCommentPerPullRequestIsAddedThenUpdatedInPlace(_ provider: ForgeProvider) async throws {
        let world = try ForgeWorld(provider)
        let commenter = PullRequestCommenter(
            api: world.api, transport: world.transport, timing: RetryTiming(baseSeconds: 0.01), logger: world.logs.logger())
        // Another bot's comment is left alone.
        let other = try world.api.createCommentRequest(pullRequest: 7, body: "LGTM")
        _ = try await world.transport.send(other)
        let first = try await commenter.post("### plan one", pullRequest: 7, name: "lab")
        try world.forge.fail([.init(status: 429, headers: ["Retry-After": "0"], body: #"{"message": "slow down"}"#)])
        let second = try await commenter.post("### plan two", pullRequest: 7, name: "lab")
        await world.close()
        guard case .created(let id) = first else { Issue.record("first post should create: \(first)"); return }
        #expect(second == .updated(id))

        let requests = world.forge.requests()
        let base = provider == .gitlab ? "/api/v4/projects/infra%2Fphoenix%2Fconfig/merge_requests/7/notes" : (provider == .gitea ? "/api/v1" : "") + "/repos/infra/phoenix-config/issues/7/comments"
        let methods = requests.map { "\($0.method) \($0.path.split(separator: "?").first.map(String.init) ?? "")" }
        let edit: String
        switch provider {
        case .github: edit = "PATCH /repos/infra/phoenix-config/issues/comments/\(id)"
        case .gitea: edit = "PATCH /api/v1/repos/infra/phoenix-config/issues/comments/\(id)"
        case .gitlab: edit = "PUT \(base)/\(id)"
        }
        #expect(methods == ["POST \(base)", "GET \(base)", "POST \(base)", "GET \(base)", "GET \(base)", edit], "\(methods)")
        let update = try #require(requests.last?.json)
        #expect(update["body"] as? String == "<!-- phoenix-gitops:plan:lab -->\n### plan two")
        #expect(Set(update.keys) == ["body"])
        let listed = try await world.forgeComments(pullRequest: 7)
        #expect(listed.count == 2)
        #expect(world.tokenNeverLogged)
    }

    @Test func aCommentTooLongForGitHubIsRefusedWithItsDocumentedAnswerAndReported() async throws {
        let world = try ForgeWorld(.github)
        let commenter = PullRequestCommenter(api: world.api, transport: world.transport, logger: world.logs.logger())
        await #expect(throws: PullRequestCommenter.Failure.self) {
            _ = try await commenter.post(String(repeating: "x", count: 70_000), pullRequest: 3)
        }
        await world.close()
        #expect(world.forge.requests().filter { $0.method == "POST" }.count == 1, "422 is not retried")
    }
}

extension ForgeWorld {
    /// The comments the stand-in holds for a pull request (read back through the API).
    func forgeComments(pullRequest: Int) async throws -> [String] {
        let transport = AsyncHTTPTransport(timeout: .seconds(10), proxies: ProxyEnvironment(environment: [:]))
        let answer = try await transport.send(api.listCommentsRequest(pullRequest: pullRequest, page: 1))
        await transport.shutdown()
        let list = (try JSONSerialization.jsonObject(with: answer.body)) as? [[String: Any]] ?? []
        return list.compactMap { $0["body"] as? String }
    }
}
