/// Role checks: explicit roles name guests; legacy-name fallbacks and unresolved roles are reported.
enum RoleChecks {
    static func run(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        let hypervisorFile = snapshot.layout.path(of: .hypervisor)
        for role in GuestRole.allCases {
            if let assignment = snapshot.hypervisor.roles[role], snapshot.guest(id: assignment.guestID) == nil {
                findings.add(
                    .error, .invalidRole, at: assignment.origin,
                    "roles.\(role.key) names guest \(assignment.guestID), which is neither an LXC nor a VM")
                continue
            }
            guard let resolution = snapshot.roleResolution(role) else {
                findings.add(
                    .warning, .unresolvedRole, file: hypervisorFile, pointer: .root,
                    "no guest holds the \(role.key) role: add \"roles\": {\"\(role.key)\": <id>} or an LXC named \"\(role.legacyName)\"; stages that need it cannot render")
                continue
            }
            if case .legacyName(let name) = resolution.rule {
                let guest = resolution.guest
                findings.add(
                    .warning, .legacyRoleFallback, file: guest.origin.file, pointer: guest.origin.pointer.appending("name"),
                    "the \(role.key) role is found only by the legacy name \"\(name)\" (\(guest.label)); renaming it would break the platform, declare \"roles\": {\"\(role.key)\": \(guest.id)} in \(hypervisorFile)")
            }
        }
    }
}
