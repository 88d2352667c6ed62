import Foundation
import NIOCore

/// The server could not listen on its address: said as the operator needs it (which address, why, what
/// to do) instead of NIO's `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`.
public struct ListenFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The address asked for, `host:port`.
    public var address: String
    /// Why, for people.
    public var reason: String
    /// What to do.
    public var nextStep: String

    /// The failure `error` describes, when it is a bind error of the listening socket; nil otherwise.
    public init?(_ error: any Error, listen: ListenAddress) {
        guard let io = Self.ioError(error) else { return nil }
        address = "\(listen.host):\(listen.port)"
        switch io.errnoCode {
        case EADDRINUSE:
            reason = "the address is already in use (another watcher or server listens there)"
            nextStep = "stop that process (`ss -ltnp 'sport = :\(listen.port)'` shows it) or choose another port with --listen HOST:PORT or \"listen\" in the settings"
        case EACCES:
            reason = "permission denied (ports below 1024 need privileges)"
            nextStep = "choose a port above 1023 with --listen HOST:PORT"
        case EADDRNOTAVAIL:
            reason = "no network interface of this machine has that address"
            nextStep = "listen on an address of this machine (127.0.0.1, 0.0.0.0) with --listen HOST:PORT"
        default:
            return nil
        }
    }

    /// A sentence for the operator.
    public var description: String { "cannot listen on \(address): \(reason); \(nextStep)" }

    private static func ioError(_ error: any Error) -> IOError? {
        if let io = error as? IOError { return io }
        // ServiceLifecycle reports a failed service through its own error, which wraps the cause.
        for child in Mirror(reflecting: error).children {
            if let value = child.value as? any Error, let io = ioError(value) { return io }
        }
        return nil
    }
}
