import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Outbound HTTP through async-http-client: TLS with full certificate verification against the system
/// trust store, no redirects (a token must never follow a redirect to another host), a connect timeout
/// and a deadline per request, the proxy of the environment (``ProxyEnvironment``), and answers read up
/// to 1 MiB.
///
/// Holds one client per proxy in use (direct, the https proxy, the http proxy), created on first use;
/// ``shutdown()`` must be called before the process exits.
public final class AsyncHTTPTransport: HTTPSending {
    /// Time allowed for one whole request (connect, send, answer).
    public let timeout: Duration
    /// The proxies of the environment.
    public let proxies: ProxyEnvironment
    private let clients: ClientTable

    /// The longest answer read; forge answers are small JSON documents.
    public static let maximumResponseBytes = 1 << 20

    /// A transport with `timeout` per request and the proxies of `environment`.
    public init(timeout: Duration = .seconds(10), proxies: ProxyEnvironment = ProxyEnvironment()) {
        self.timeout = timeout
        self.proxies = proxies
        self.clients = ClientTable(timeout: timeout)
    }

    public func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        let client = await clients.client(for: proxies.proxy(for: request.url))
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .RAW(value: request.method)
        outgoing.headers.add(name: "User-Agent", value: "phoenix-gitops")
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let response = try await client.execute(outgoing, timeout: .milliseconds(milliseconds))
        var headers: [String: String] = [:]
        for (name, value) in response.headers { headers[name.lowercased()] = value }
        let buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
        return OutboundResponse(status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
    }

    /// Closes every client (waits for their connections to close).
    public func shutdown() async {
        await clients.shutdown()
    }
}

/// The clients of a transport, one per proxy, made on first use.
private actor ClientTable {
    let timeout: Duration
    var clients: [ProxyEnvironment.Server?: HTTPClient] = [:]

    init(timeout: Duration) { self.timeout = timeout }

    func client(for proxy: ProxyEnvironment.Server?) -> HTTPClient {
        if let existing = clients[proxy] { return existing }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        let connect = TimeAmount.seconds(max(1, min(10, timeout.components.seconds)))
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: connect, read: .seconds(max(1, timeout.components.seconds))))
        if let proxy {
            let authorization = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
            configuration.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        clients[proxy] = client
        return client
    }

    func shutdown() async {
        for client in clients.values { try? await client.shutdown() }
        clients.removeAll()
    }
}
