/// Which rule decided who holds a role.
public enum RoleRule: Sendable, Hashable {
    /// The hypervisor config's `roles.<role>` names the guest.
    case explicit(ValueOrigin)
    /// No `roles` entry; the LXC with the legacy name (e.g. `Nginx-Phoenix`) was taken.
    case legacyName(String)
}
