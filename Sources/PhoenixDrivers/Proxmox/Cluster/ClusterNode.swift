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
}
