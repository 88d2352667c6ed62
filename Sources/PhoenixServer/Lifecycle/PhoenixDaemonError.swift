/// A daemon service stopped on its own while the daemon was running.
public struct PhoenixDaemonError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The service's name.
    public var service: String

    /// Creates an error.
    public init(service: String) {
        self.service = service
    }

    /// A sentence for the operator.
    public var description: String { "service \(service) stopped unexpectedly; shutting down" }
}
