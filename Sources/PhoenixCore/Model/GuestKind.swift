/// Whether a guest is a container or a virtual machine.
public enum GuestKind: String, Sendable, Hashable, Codable {
    /// An LXC container (`pct`).
    case lxc
    /// A QEMU VM (`qm`).
    case vm
}
