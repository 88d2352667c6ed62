import Foundation
import HTTPTypes
import NIOCore
public import Hummingbird
import HummingbirdCore
public import Logging
import PhoenixEngine

/// The watcher's HTTP server: webhooks, health, readiness, status and metrics, on one Hummingbird router.
///
/// | route | answer |
/// |---|---|
/// | `POST /hooks/github`, `/hooks/gitea`, `/hooks/gitlab`, `/hooks/generic` | see ``WebhookProcessor`` |
/// | `GET /` | the HTML status page (``StatusPage``) when the service is a ``StatusPageSource`` |
/// | `GET /healthz` | 200 while the process serves requests |
/// | `GET /readyz` | 200 when the last fetch succeeded recently and the state is readable, else 503 |
/// | `GET /status` | the reconciler's per-stage state as JSON (503 when it cannot be read) |
/// | `GET /metrics` | Prometheus text format |
public struct WatcherServer: Sendable {
    /// The application type the server runs as (a ServiceLifecycle `Service`).
    public typealias App = Application<RouterResponder<BasicRequestContext>>

    /// The configuration.
    public let configuration: WatcherServerConfiguration
    /// The reconciler behind the routes.
    public let service: any ReconcileService
    /// The metrics registry served at `/metrics` (webhook counters are emitted into it).
    public let backend: PrometheusBackend
    /// The server's logger.
    public let logger: Logger
    /// The clock `/readyz` judges fetch age by (injected so tests need no sleeping).
    let now: @Sendable () -> Date

    /// Creates a server.
    ///
    /// - Parameters:
    ///   - configuration: listen address, tracked branch, secret, limits.
    ///   - service: the reconciler (see ``ReconcileService``).
    ///   - backend: the Prometheus registry to serve and emit into.
    ///   - logger: the server's logger.
    ///   - now: the current time, for readiness.
    public init(
        configuration: WatcherServerConfiguration, service: any ReconcileService, backend: PrometheusBackend,
        logger: Logger = Logger(label: "phoenix.server"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.service = service
        self.backend = backend
        self.logger = logger
        self.now = now
        // Every webhook series exists from the start, so dashboards and rate() alerts see zeros, not gaps.
        backend.prime()
        backend.recordBuildInfo()
    }

    /// The webhook logic, with this server's secret, branch and metrics.
    public var processor: WebhookProcessor {
        WebhookProcessor(
            trackedBranch: configuration.trackedBranch, secret: configuration.webhookSecret, service: service,
            metrics: backend.metrics)
    }

    /// The router with every route.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let server = self
        router.get("/") { _, context in await server.page(logger: context.logger) }
        router.get("healthz") { _, _ in Self.text(200, "ok\n") }
        router.get("readyz") { _, _ in await server.readyz() }
        router.get("status") { _, context in await server.status(logger: context.logger) }
        router.get("metrics") { _, _ in
            await server.refreshStateGauges()
            return Self.body(200, server.backend.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        for provider in WebhookProvider.allCases {
            router.post(RouterPath(provider.path)) { request, context in
                await server.webhook(provider, request: request, logger: context.logger)
            }
        }
        return router
    }

    /// The Hummingbird application, bound to the configured address, with the timeouts and the connection
    /// cap of ``WatcherServerConfiguration/limits`` (ADR 0021): at most `maxConnections` are held at
    /// once (one past the cap is closed as soon as it is accepted), a request must arrive whole
    /// within `readTimeoutSeconds`, a connection idle for `idleTimeoutSeconds` is closed.
    ///
    /// - Parameter onServerRunning: called with the bound port once the server listens (useful with port 0).
    public func makeApplication(onServerRunning: @escaping @Sendable (Int?) async -> Void = { _ in }) -> App {
        let limits = configuration.limits
        let readTimeout = TimeAmount.nanoseconds(Int64(limits.readTimeoutSeconds * 1e9))
        let logger = self.logger
        let counter = ConnectionCap.Counter(limit: limits.maxConnections)
        return Application(
            router: makeRouter(),
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    additionalChannelHandlers: [
                        ConnectionCap(counter: counter),
                        RequestReadDeadline(timeout: readTimeout) {
                            logger.debug("closed a connection whose request did not arrive in time")
                        }
                    ],
                    idleTimeout: .nanoseconds(Int64(limits.idleTimeoutSeconds * 1e9)))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.listen.host, port: configuration.listen.port),
                serverName: "phoenix-gitops",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port
                // Before anything else runs: no child process started from now on inherits the port.
                if let port { ListeningSocket.markCloseOnExec(port: port) }
                await onServerRunning(port)
            },
            logger: logger)
    }

    // MARK: - Handlers

    func webhook(_ provider: WebhookProvider, request: Request, logger: Logger) async -> Response {
        let processor = self.processor
        let limit = configuration.maxWebhookBodyBytes
        // Refuse a declared oversize body before reading any of it.
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            return Self.json(processor.tooLarge(provider: provider, limit: limit, logger: logger))
        }
        let body: [UInt8]?
        do {
            body = try await Self.collect(request.body, limit: limit)
        } catch {
            let outcome = WebhookOutcome(
                status: 400, reply: WebhookReply(result: "malformed", detail: "body could not be read"),
                result: .malformed)
            processor.metrics.webhookRequest(provider: provider.rawValue, result: outcome.result.rawValue)
            return Self.json(outcome)
        }
        guard let body else { return Self.json(processor.tooLarge(provider: provider, limit: limit, logger: logger)) }
        let headers = request.headers
        let outcome = await processor.process(
            provider: provider, header: { name in HTTPField.Name(name).flatMap { headers[$0] } }, body: body,
            logger: logger)
        return Self.json(outcome)
    }

    /// The per-stage state gauges, from the state on disk at scrape time.
    func refreshStateGauges() async {
        guard let source = service as? any StatusPageSource, let model = try? await source.statusPage() else { return }
        backend.recordStages(model.stages.map { ($0.id, $0.result) })
        backend.recordSuspended(model.suspension != nil)
    }

    func readyz() async -> Response {
        let readiness = await service.readiness()
        let problems = readiness.problems(now: now(), maxFetchAge: configuration.readinessMaxFetchAge)
        var report: [String: String] = ["ready": problems.isEmpty ? "true" : "false"]
        if !problems.isEmpty { report["problems"] = problems.joined(separator: "; ") }
        if let time = readiness.lastFetchTime { report["last_fetch"] = ISO8601DateFormatter().string(from: time) }
        if let detail = readiness.detail { report["detail"] = detail }
        return Self.body(problems.isEmpty ? 200 : 503, Self.encode(report), contentType: "application/json")
    }

    func status(logger: Logger) async -> Response {
        do {
            let data = try await service.statusJSON()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            logger.warning("status unavailable", metadata: ["error": "\(error)"])
            let report = Self.encode(["error": "status unavailable: \(error)"])
            return Self.body(503, report, contentType: "application/json")
        }
    }

    func page(logger: Logger) async -> Response {
        let html = "text/html; charset=utf-8"
        guard let source = service as? any StatusPageSource else {
            return Self.body(404, "<!DOCTYPE html><title>phoenix-gitops</title><p>No status page here.</p>\n", contentType: html)
        }
        do {
            var response = Self.body(200, StatusPage.render(try await source.statusPage()), contentType: html)
            // The page embeds untrusted text: forbid every script and remote load even if escaping failed.
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'"
            response.headers[.xContentTypeOptions] = "nosniff"
            return response
        } catch {
            logger.warning("status page unavailable", metadata: ["error": "\(error)"])
            let text = "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\">"
                + "<title>phoenix-gitops: starting</title><p>Status unavailable: \(HTMLText.escape("\(error)"))</p></html>\n"
            return Self.body(503, text, contentType: html)
        }
    }

    // MARK: - Helpers

    /// The body, or nil as soon as it grows past `limit` (the rest is never read).
    static func collect(_ body: RequestBody, limit: Int) async throws -> [UInt8]? {
        var bytes: [UInt8] = []
        for try await chunk in body {
            guard bytes.count + chunk.readableBytes <= limit else { return nil }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    static func json(_ outcome: WebhookOutcome) -> Response {
        body(outcome.status, encode(outcome.reply), contentType: "application/json")
    }

    static func text(_ status: Int, _ text: String) -> Response {
        body(status, text, contentType: "text/plain; charset=utf-8")
    }

    static func body(_ status: Int, _ text: String, contentType: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings and optionals cannot fail; an empty object is a safe fallback.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
