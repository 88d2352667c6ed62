/// The guest holding a role and the rule that chose it.
public struct RoleResolution: Sendable, Hashable {
    /// The role.
    public var role: GuestRole
    /// The guest.
    public var guest: Guest
    /// How it was chosen.
    public var rule: RoleRule

    /// Creates a resolution.
    public init(role: GuestRole, guest: Guest, rule: RoleRule) {
        self.role = role
        self.guest = guest
        self.rule = rule
    }
}
