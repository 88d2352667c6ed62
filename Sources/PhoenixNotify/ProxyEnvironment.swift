import Foundation

/// The proxy settings of the environment, read the way curl and most tools read them: `HTTPS_PROXY`
/// (or `https_proxy`) for https URLs, `HTTP_PROXY` (or `http_proxy`) for http URLs, and `NO_PROXY`
/// (or `no_proxy`): a comma-separated list of host names, domain suffixes (`.example.com` or
/// `example.com` both match `api.example.com`) and `*` for every host.
///
/// Loopback hosts (`localhost`, `127.0.0.0/8`, `::1`) never go through a proxy: a proxy cannot reach
/// this machine's own loopback, so sending it there is never what the operator meant.
public struct ProxyEnvironment: Sendable, Hashable {
    /// A proxy server.
    public struct Server: Sendable, Hashable {
        /// Host name or address.
        public var host: String
        /// Port.
        public var port: Int
        /// User name from the proxy URL's user info.
        public var username: String?
        /// Password from the proxy URL's user info.
        public var password: String?
    }

    /// The proxy for https URLs.
    public var https: Server?
    /// The proxy for http URLs.
    public var http: Server?
    /// The `NO_PROXY` entries, lower-cased.
    public var noProxy: [String]

    /// Reads `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ name: String) -> String? {
            let found = environment[name] ?? environment[name.lowercased()]
            return (found?.isEmpty ?? true) ? nil : found
        }
        https = value("HTTPS_PROXY").flatMap(Self.server)
        http = value("HTTP_PROXY").flatMap(Self.server)
        noProxy = (value("NO_PROXY") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// The proxy for `url`, or nil for a direct connection.
    public func proxy(for url: String) -> Server? {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else { return nil }
        if Self.isLoopback(host) || bypasses(host) { return nil }
        return components.scheme?.lowercased() == "https" ? https : http
    }

    private func bypasses(_ host: String) -> Bool {
        for entry in noProxy {
            if entry == "*" { return true }
            let bare = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            let withoutPort = bare.split(separator: ":").first.map(String.init) ?? bare
            if host == withoutPort || host.hasSuffix("." + withoutPort) { return true }
        }
        return false
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return bare == "localhost" || bare.hasSuffix(".localhost") || bare.hasPrefix("127.") || bare == "::1"
    }

    static func server(_ text: String) -> Server? {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            return nil
        }
        return Server(
            host: host, port: components.port ?? (components.scheme == "https" ? 443 : 80),
            username: components.user?.removingPercentEncoding, password: components.password?.removingPercentEncoding)
    }
}
