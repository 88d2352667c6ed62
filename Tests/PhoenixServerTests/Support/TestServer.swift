import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PhoenixEngine
import PhoenixServer

/// Builds a WatcherServer for one test, with its own metrics registry.
struct TestServer {
    static let secretText = "It's a Secret to Everybody"

    let server: WatcherServer
    let backend: PrometheusBackend

    init(
        service: any ReconcileService, secret: String? = TestServer.secretText, branch: String = "main",
        maxBody: Int = WatcherServerConfiguration.defaultMaxWebhookBodyBytes, port: Int = 0,
        now: @escaping @Sendable () -> Date = { Date() }, limits: HTTPLimits = HTTPLimits()
    ) throws {
        let webhookSecret = try secret.map { try WebhookSecret(Array($0.utf8), origin: "test") }
        let configuration = WatcherServerConfiguration(
            listen: ListenAddress(host: "127.0.0.1", port: port), trackedBranch: branch,
            webhookSecret: webhookSecret, maxWebhookBodyBytes: maxBody, limits: limits)
        var logger = Logger(label: "phoenix.server.test")
        logger.logLevel = .critical
        backend = PrometheusBackend()
        server = WatcherServer(
            configuration: configuration, service: service, backend: backend, logger: logger, now: now)
    }

    var app: WatcherServer.App { server.makeApplication() }

    /// The value of one sample line of the registry (`name{labels} value`), nil when absent.
    func sample(_ name: String, _ labels: [(String, String)] = []) -> Double? {
        let rendered = labels.isEmpty ? name : "\(name){" + labels.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        for line in backend.render().split(separator: "\n") where line.hasPrefix(rendered + " ") {
            return Double(line.dropFirst(rendered.count + 1))
        }
        return nil
    }

    /// Signs `body` for `provider` the way each forge does.
    static func headers(
        _ provider: WebhookProvider, event: String?, body: [UInt8], secret: String = secretText
    ) throws -> HTTPFields {
        let key = try WebhookSecret(Array(secret.utf8), origin: "test")
        let signature = WebhookSignature.sign(body, secret: key)
        var fields: HTTPFields = [.contentType: "application/json"]
        func set(_ name: String, _ value: String) { fields[HTTPField.Name(name)!] = value }
        switch provider {
        case .github:
            set("X-Hub-Signature-256", signature)
            if let event { set("X-GitHub-Event", event) }
            set("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
        case .gitea:
            set("X-Gitea-Signature", String(signature.dropFirst("sha256=".count)))
            if let event { set("X-Gitea-Event", event) }
        case .gitlab:
            set("X-Gitlab-Token", secret)
            if let event { set("X-Gitlab-Event", event) }
        case .generic:
            set("X-Phoenix-Signature", signature)
            if let event { set("X-Phoenix-Event", event) }
        }
        return fields
    }

    /// Decodes a webhook reply.
    static func reply(_ response: TestResponse) throws -> WebhookReply {
        try JSONDecoder().decode(WebhookReply.self, from: Data(response.body.readableBytesView))
    }
}
