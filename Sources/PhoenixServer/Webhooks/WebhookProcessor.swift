public import Logging
public import PhoenixEngine

/// Decides what a webhook request means and answers it: verify, parse, filter by branch, trigger.
///
/// Independent of the HTTP library, so every rule here is testable on its own; the route only collects
/// the body (within the size limit) and turns the ``WebhookOutcome`` into a response.
///
/// Never answers 2xx without saying what happened: a push to the tracked branch answers with the id of
/// the run that will apply it; everything that causes no run says `ignored: <why>` (gitops-anchors (c) 6).
public struct WebhookProcessor: Sendable {
    /// The branch whose pushes cause runs (short name, e.g. `main`).
    public var trackedBranch: String
    /// The shared secret; nil answers every request 503 (`unconfigured`), never accepts it unsigned.
    public var secret: WebhookSecret?
    /// Where accepted pushes go.
    public var service: any ReconcileService
    /// Where requests are counted.
    public var metrics: PhoenixMetrics

    /// Creates a processor.
    public init(
        trackedBranch: String, secret: WebhookSecret?, service: any ReconcileService, metrics: PhoenixMetrics
    ) {
        self.trackedBranch = trackedBranch
        self.secret = secret
        self.service = service
        self.metrics = metrics
    }

    /// The full ref of the tracked branch.
    public var trackedRef: String {
        trackedBranch.hasPrefix("refs/") ? trackedBranch : "refs/heads/\(trackedBranch)"
    }

    /// Answers one request whose body was read completely.
    ///
    /// - Parameters:
    ///   - provider: the endpoint it came to.
    ///   - header: looks up a request header by its lower-case name.
    ///   - body: the raw body.
    ///   - logger: the request's logger (its lines get the provider, delivery and run id).
    public func process(
        provider: WebhookProvider, header: (String) -> String?, body: [UInt8], logger: Logger
    ) async -> WebhookOutcome {
        var logger = logger
        logger[metadataKey: LogMetadataKey.provider] = .string(provider.rawValue)
        if let delivery = provider.deliveryHeaders.compactMap(header).first {
            logger[metadataKey: LogMetadataKey.delivery] = .string(String(delivery.prefix(80)))
        }
        let outcome = await decide(provider: provider, header: header, body: body, logger: &logger)
        metrics.webhookRequest(provider: provider.rawValue, result: outcome.result.rawValue)
        let level: Logger.Level =
            switch outcome.result {
            case .accepted, .ping, .ignored: .info
            case .unauthorized, .malformed, .tooLarge, .unconfigured, .refused: .warning
            }
        var metadata: Logger.Metadata = ["status": "\(outcome.status)", "result": "\(outcome.reply.result)"]
        if let detail = outcome.reply.detail { metadata["detail"] = "\(detail)" }
        logger.log(level: level, "webhook answered", metadata: metadata)
        return outcome
    }

    /// The answer for a body over the limit (the route stops reading at the limit).
    public func tooLarge(provider: WebhookProvider, limit: Int, logger: Logger) -> WebhookOutcome {
        metrics.webhookRequest(provider: provider.rawValue, result: WebhookOutcome.Result.tooLarge.rawValue)
        logger.warning(
            "webhook refused: body too large",
            metadata: [LogMetadataKey.provider: "\(provider.rawValue)", "limit": "\(limit)"])
        return WebhookOutcome(
            status: 413, reply: WebhookReply(result: "too large", detail: "body over \(limit) bytes"),
            result: .tooLarge)
    }

    private func decide(
        provider: WebhookProvider, header: (String) -> String?, body: [UInt8], logger: inout Logger
    ) async -> WebhookOutcome {
        guard let secret else {
            return WebhookOutcome(
                status: 503,
                reply: WebhookReply(
                    result: "unavailable",
                    detail: "no webhook secret configured (PHOENIX_WEBHOOK_SECRET or webhook_secret_file)"),
                result: .unconfigured)
        }
        // Gitea signs the JSON document, also when it delivers it as a form (`payload=<JSON>`); GitHub
        // signs the body as sent. So a Gitea form delivery is verified against the JSON it carries.
        var signed = body
        if provider == .gitea, header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            do throws(WebhookPayloadError) {
                signed = try WebhookPayloadParser.json(body, contentType: header("content-type"))
            } catch {
                return unauthorized("form body without a payload field to verify")
            }
        }
        switch WebhookSignature.check(provider: provider, header: header, body: signed, secret: secret) {
        case .valid:
            break
        case .missing:
            return unauthorized("missing \(provider.signatureHeaders[0]) header")
        case .invalid(let reason):
            return unauthorized(reason)
        }
        let event: WebhookEvent
        do throws(WebhookPayloadError) {
            event = try WebhookPayloadParser.parse(provider: provider, header: header, body: body)
        } catch {
            return WebhookOutcome(
                status: 400, reply: WebhookReply(result: "malformed", detail: error.message), result: .malformed)
        }
        switch event {
        case .ping:
            return WebhookOutcome(status: 200, reply: WebhookReply(result: "pong"), result: .ping)
        case .other(let name):
            return ignored("event", detail: name)
        case .push(let push):
            return await handle(push, provider: provider, header: header, logger: &logger)
        }
    }

    private func handle(
        _ push: PushEvent, provider: WebhookProvider, header: (String) -> String?, logger: inout Logger
    ) async -> WebhookOutcome {
        guard push.ref == trackedRef else { return ignored("branch", detail: push.ref) }
        guard !push.deleted else { return ignored("deleted", detail: push.ref) }
        let reason = TriggerReason(
            source: .webhook, provider: provider, ref: push.ref, commitHint: push.after,
            deliveryID: provider.deliveryHeaders.compactMap(header).first)
        // Not counted as a trigger here: the reconciler counts every trigger it is handed, from any source.
        let ack = await service.trigger(reason)
        guard ack.accepted else {
            return WebhookOutcome(
                status: 503, reply: WebhookReply(result: "unavailable", detail: ack.message ?? "run refused"),
                result: .refused)
        }
        logger[metadataKey: LogMetadataKey.runID] = .string(ack.runID.rawValue)
        return WebhookOutcome(
            status: 202,
            reply: WebhookReply(result: "queued", runID: ack.runID.rawValue, disposition: ack.disposition.rawValue),
            result: .accepted)
    }

    private func unauthorized(_ detail: String) -> WebhookOutcome {
        WebhookOutcome(status: 401, reply: WebhookReply(result: "unauthorized", detail: detail), result: .unauthorized)
    }

    private func ignored(_ why: String, detail: String) -> WebhookOutcome {
        WebhookOutcome(status: 202, reply: WebhookReply(result: "ignored: \(why)", detail: detail), result: .ignored)
    }
}
