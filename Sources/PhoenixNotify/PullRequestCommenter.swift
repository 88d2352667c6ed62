import Foundation
import Logging
import PhoenixEngine

/// Posts or updates the one comment phoenix-gitops keeps on a pull request (GitHub, Gitea) or merge
/// request (GitLab): the comment holding the hidden marker `<!-- phoenix-gitops:plan:<name> -->` is
/// edited in place; when there is none, a comment is added. So a pull request pushed ten times has one
/// plan comment, always the newest plan.
public struct PullRequestCommenter: Sendable {
    /// The API.
    public var api: ForgeAPI
    /// Sends requests.
    public var transport: any HTTPSending
    /// Attempts per request for 408/429/5xx and connection errors.
    public var attempts: Int
    /// Backoff between attempts (`Retry-After` honoured).
    public var timing: RetryTiming
    /// Pages of comments read at most while looking for the marker (100 per page).
    public var maxPages = 20
    /// Logs (never a token).
    public var logger: Logger

    /// What was done.
    public enum Outcome: Sendable, Hashable {
        /// A new comment (its id).
        case created(Int)
        /// The existing comment (its id) was updated.
        case updated(Int)
    }

    /// A failure, with the forge's answer (token masked).
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What failed and how the forge answered.
        public var description: String
    }

    /// Creates a commenter.
    public init(
        api: ForgeAPI, transport: any HTTPSending, attempts: Int = 4, timing: RetryTiming = RetryTiming(),
        logger: Logger = Logger(label: "phoenix-gitops.pr-comment")
    ) {
        self.api = api
        self.transport = transport
        self.attempts = attempts
        self.timing = timing
        self.logger = logger
    }

    /// The hidden marker of comments named `name`.
    public static func marker(_ name: String) -> String { "<!-- phoenix-gitops:plan:\(name) -->" }

    /// Posts `body` (the marker is added as its first line) on pull request `number`, or updates the
    /// comment that carries the marker.
    public func post(_ body: String, pullRequest number: Int, name: String = "plan") async throws -> Outcome {
        let marker = Self.marker(name)
        let text = marker + "\n" + body
        if let existing = try await find(marker, pullRequest: number) {
            _ = try await send(try api.updateCommentRequest(pullRequest: number, comment: existing, body: text), what: "update comment \(existing)")
            return .updated(existing)
        }
        let answer = try await send(try api.createCommentRequest(pullRequest: number, body: text), what: "add comment")
        let created = try? JSONDecoder().decode(ForgeBodies.ListedComment.self, from: answer.body)
        return .created(created?.id ?? 0)
    }

    /// The id of the first comment whose body contains `marker`.
    func find(_ marker: String, pullRequest number: Int) async throws -> Int? {
        for page in 1...maxPages {
            let answer = try await send(api.listCommentsRequest(pullRequest: number, page: page), what: "list comments")
            let comments: [ForgeBodies.ListedComment]
            do {
                comments = try JSONDecoder().decode([ForgeBodies.ListedComment].self, from: answer.body)
            } catch {
                throw Failure(description: "list comments: the answer is not a list of comments: \(error)")
            }
            if let found = comments.first(where: { $0.body?.contains(marker) == true }) { return found.id }
            // Gitea answers every comment at once; the others page by 100.
            if api.provider == .gitea || comments.count < 100 { return nil }
        }
        return nil
    }

    /// Sends with bounded retries on retryable answers.
    private func send(_ request: OutboundRequest, what: String) async throws -> OutboundResponse {
        var attempt = 0
        while true {
            attempt += 1
            var retryAfter: Double?
            var reason: String
            do {
                let answer = try await transport.send(request)
                if answer.succeeded { return answer }
                reason = "HTTP \(answer.status): \(mask(answer.bodyExcerpt))"
                guard answer.isRetryable else { throw Failure(description: "\(what) on \(request.logDescription): \(reason)") }
                retryAfter = answer.retryAfter()
            } catch let failure as Failure {
                throw failure
            } catch {
                reason = mask("\(error)")
            }
            guard attempt < attempts else {
                throw Failure(description: "\(what) on \(request.logDescription): \(reason) (after \(attempt) attempts)")
            }
            let delay = timing.delay(afterAttempt: attempt, retryAfter: retryAfter)
            logger.warning("\(what) failed (\(reason)); retrying in \(String(format: "%.1f", delay))s")
            try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
        }
    }

    private func mask(_ text: String) -> String {
        api.secret.count >= 4 ? text.replacingOccurrences(of: api.secret, with: "<redacted>") : text
    }
}
