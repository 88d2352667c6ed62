/// A `HOST:PORT` to listen on, as written in `--listen` or the `listen` setting.
///
/// Accepted forms: `127.0.0.1:8080`, `[::1]:8080`, `localhost:8080`, and `:8080` (all IPv4 interfaces,
/// for a watcher that a forge reaches directly; prefer a reverse proxy, see docs/operations.md).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address, without brackets.
    public var host: String
    /// The TCP port; 0 asks the system for a free one (tests).
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; throws ``ListenAddressError`` with the text when it is not one.
    public init(parsing text: String) throws(ListenAddressError) {
        guard let colon = text.lastIndex(of: ":") else { throw ListenAddressError(text: text) }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port),
            !host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "[" || $0 == "]" })
        else { throw ListenAddressError(text: text) }
        // An unbracketed IPv6 address (`::1:80`) is ambiguous; require brackets.
        if host.contains(":") && !text.hasPrefix("[") { throw ListenAddressError(text: text) }
        self.host = host
        self.port = port
    }

    /// `host:port`, with brackets around IPv6 addresses.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
