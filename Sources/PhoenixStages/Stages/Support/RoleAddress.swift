import PhoenixCore

/// The primary address of the guest holding a role, and a clear error when a stage needs it and it
/// is not there (no guest holds the role, or the guest has no fixed address).
struct RoleAddress {
    /// The role.
    let role: GuestRole
    /// The guest holding it, if any.
    let guest: Guest?
    /// Its primary address without prefix, if fixed.
    var address: String? { guest?.primaryIP }

    /// Resolves `role` in `snapshot` (explicit `roles.<role>`, else the legacy name).
    init(_ role: GuestRole, _ snapshot: ConfigSnapshot) {
        self.role = role
        guest = snapshot.role(role)
    }

    /// The error for a stage that needs this address (for `uses`, e.g. "12 DNS records").
    func missingDiagnostic(stage: StageID, uses: String, in snapshot: ConfigSnapshot) -> Diagnostic {
        if let guest {
            return RenderFinding.make(
                .error, .stageMissingInput, at: guest.network?.origin ?? guest.origin,
                key: guest.network == nil ? nil : "ip", in: snapshot,
                "\(stage): the \(role.rawValue) guest \(guest.label) has no fixed address (ip \"\(guest.network?.ip ?? "none")\"), but \(uses) need it")
        }
        let pointer = snapshot.hypervisor.roles[role].map(\.origin.pointer) ?? JSONPointer(tokens: ["roles"])
        let explicit = snapshot.hypervisor.roles[role].map { "roles.\(role.key) names \($0.guestID), which is no guest" }
        let reason = explicit ?? "no guest holds the \(role.rawValue) role (set roles.\(role.key), or name an LXC \"\(role.legacyName)\")"
        return RenderFinding.make(
            .error, .stageMissingInput, file: .hypervisor, pointer: pointer, in: snapshot,
            "\(stage): \(uses) need the \(role.rawValue) guest's address, but \(reason)")
    }

    /// The dns stage's wording: which host names needed it.
    func missingDiagnostic(for hosts: [String], in snapshot: ConfigSnapshot) -> Diagnostic {
        let sample = hosts.prefix(3).joined(separator: ", ") + (hosts.count > 3 ? ", …" : "")
        return missingDiagnostic(stage: .dns, uses: "\(hosts.count) DNS record(s) (\(sample))", in: snapshot)
    }
}
