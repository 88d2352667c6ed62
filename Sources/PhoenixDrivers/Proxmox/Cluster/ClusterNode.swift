/// One Proxmox node the driver may reach over SSH.
public struct ClusterNode: Sendable, Hashable, Codable {
    /// The node's name as Proxmox knows it (`pvesh … /cluster/resources` "node").
    public var name: String
    /// Address or host name for `ssh`.
    public var address: String
    /// SSH port (nil: 22).
    public var port: UInt16?
    /// Login user (Proxmox nodes trust each other as root).
    public var user: String
    /// `pct` on that node (an absolute path is safest; tests point it at a stand-in).
    public var pct: String
    /// `qm` on that node.
    public var qm: String
    /// `pvesh` on that node.
    public var pvesh: String
    /// The folder standing for the node's "/" in host paths sent to it ("/" on a real node; tests
    /// point it at a stand-in's state, as `ProxmoxDriver.Options.hostRoot` does locally).
    public var hostRoot: String = "/"

    /// Creates a node; the tools default to their names on the node's search path.
    public init(
        name: String, address: String, port: UInt16? = nil, user: String = "root",
        pct: String = "pct", qm: String = "qm", pvesh: String = "pvesh"
    ) {
        self.name = name
        self.address = address
        self.port = port
        self.user = user
        self.pct = pct
        self.qm = qm
        self.pvesh = pvesh
    }

    /// `path` (absolute, normalized) as the node sees it, below ``hostRoot``.
    public func hostPath(_ path: String) -> String {
        let root = hostRoot.hasSuffix("/") ? String(hostRoot.dropLast()) : hostRoot
        return root + path
    }
}
