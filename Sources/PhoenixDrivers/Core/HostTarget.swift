/// One machine a stage's host-level work runs on: a driver whose `.host` is that machine, and its
/// node name for reports (nil: the only host there is, as on a single Proxmox host).
public struct HostTarget: Sendable {
    /// The Proxmox node, or nil when there is no cluster (or off-host, the watcher's own machine).
    public var node: String?
    /// A driver whose host operations reach that machine; guest operations are routed as always.
    public var driver: any HostDriver

    /// A target.
    public init(node: String?, driver: any HostDriver) {
        self.node = node
        self.driver = driver
    }
}
