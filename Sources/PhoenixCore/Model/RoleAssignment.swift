/// An explicit role entry from the hypervisor config: `"roles": {"gateway": 101}`.
public struct RoleAssignment: Sendable, Hashable {
    /// The role.
    public var role: GuestRole
    /// The guest id named (written as a number or a numeric string).
    public var guestID: Int
    /// Where the entry is (`/roles/gateway`).
    public var origin: ValueOrigin

    /// Creates an assignment.
    public init(role: GuestRole, guestID: Int, origin: ValueOrigin = .synthetic) {
        self.role = role
        self.guestID = guestID
        self.origin = origin
    }
}
