import PhoenixCore

/// The address of the guest holding a role (the rule of `GuestAddress`), and a clear finding when a
/// stage needs it and it is not there (no guest holds the role, or the guest has no fixed address).
struct RoleAddress {
    /// The role.
    let role: GuestRole
    /// The guest holding it, if any.
    let guest: Guest?
    /// Its address without prefix, if fixed.
    let address: String?
    /// The settings (the address rule reads `guestAddressInterfaces`).
    let settings: StageSettings

    /// Resolves `role` in `snapshot` (explicit `roles.<role>`, else the legacy name).
    init(_ role: GuestRole, _ snapshot: ConfigSnapshot, settings: StageSettings) {
        self.role = role
        self.settings = settings
        guest = snapshot.role(role)
        address = guest.flatMap { GuestAddress.of($0, settings) }
    }

    /// The error for a stage that needs this address (for `uses`, e.g. "12 DNS records").
    func missingDiagnostic(stage: StageID, uses: String, in snapshot: ConfigSnapshot) -> Diagnostic {
        if let guest {
            let nic = GuestAddress.nic(guest, settings)
            return RenderFinding.make(
                .error, .stageMissingInput, at: nic?.origin ?? guest.origin,
                key: nic == nil || nic?.json.objectValue == nil ? nil : "ip", in: snapshot,
                "\(stage): the \(role.rawValue) guest \(guest.label) has no fixed address (\(GuestAddress.describe(guest, settings))), but \(uses) need it")
        }
        return absentDiagnostic(.error, stage: stage, uses: uses, in: snapshot)
    }

    /// The finding for a role no guest holds (yet): `severity` is a warning where the stage renders
    /// what it can without it (dns), an error elsewhere.
    func absentDiagnostic(_ severity: Severity, stage: StageID, uses: String, in snapshot: ConfigSnapshot) -> Diagnostic {
        let pointer = snapshot.hypervisor.roles[role].map(\.origin.pointer) ?? JSONPointer(tokens: ["roles"])
        let explicit = snapshot.hypervisor.roles[role].map { "roles.\(role.key) names \($0.guestID), which is no guest" }
        let reason = explicit ?? "no guest holds the \(role.rawValue) role (set roles.\(role.key), or name an LXC \"\(role.legacyName)\")"
        let left = severity == .error ? "" : "; they were left out"
        return RenderFinding.make(
            severity, .stageMissingInput, file: .hypervisor, pointer: pointer, in: snapshot,
            "\(stage): \(uses) need the \(role.rawValue) guest's address, but \(reason)\(left)")
    }

    /// The dns stage's wording: which host names needed it. A role no guest holds yet leaves those
    /// records out with a warning (a platform under construction); a role guest without a fixed
    /// address is an error.
    func missingDiagnostic(for hosts: [String], in snapshot: ConfigSnapshot) -> Diagnostic {
        let sample = hosts.prefix(3).joined(separator: ", ") + (hosts.count > 3 ? ", …" : "")
        let uses = "\(hosts.count) DNS record(s) (\(sample))"
        if guest == nil {
            // An explicit role naming no guest is a contradiction, not a guest still to come.
            let severity: Severity = snapshot.hypervisor.roles[role] == nil ? .warning : .error
            return absentDiagnostic(severity, stage: .dns, uses: uses, in: snapshot)
        }
        return missingDiagnostic(stage: .dns, uses: uses, in: snapshot)
    }
}
