import Foundation

/// A complete, typed configuration as of one commit (or one folder): what every stage renders from.
public struct ConfigSnapshot: Sendable {
    /// Where files were found.
    public var layout: ConfigLayout
    /// Global settings.
    public var hypervisor: HypervisorConfig
    /// LXC containers in file order.
    public var lxcs: [LXCConfig]
    /// VMs in file order.
    public var vms: [VMConfig]
    /// The VM file's `vm_defaults` block, if any.
    public var vmDefaults: JSONValue?
    /// Certificate manifest entries (empty when the manifest is absent).
    public var certificates: [CertificateEntry]
    /// The optional stacks config.
    public var stacksConfig: StacksConfig?
    /// Stack folders, sorted by name.
    public var stacks: [Stack]
    /// Every file read, by repository-relative path.
    public var files: [String: ConfigFileContent]
    /// The limits the snapshot was loaded within; renderers that re-parse a file use the same ones.
    public var limits: InputLimits = .default

    /// Creates a snapshot (the loader does this; tests may too).
    public init(
        layout: ConfigLayout, hypervisor: HypervisorConfig, lxcs: [LXCConfig], vms: [VMConfig], vmDefaults: JSONValue?,
        certificates: [CertificateEntry], stacksConfig: StacksConfig?, stacks: [Stack], files: [String: ConfigFileContent]
    ) {
        self.layout = layout
        self.hypervisor = hypervisor
        self.lxcs = lxcs
        self.vms = vms
        self.vmDefaults = vmDefaults
        self.certificates = certificates
        self.stacksConfig = stacksConfig
        self.stacks = stacks
        self.files = files
    }

    /// All guests: LXCs (file order), then VMs (file order).
    public var guests: [Guest] { lxcs.map(Guest.init) + vms.map(Guest.init) }

    /// The first guest with `id` (LXC before VM; duplicates are a validation error).
    public func guest(id: Int) -> Guest? {
        if let lxc = lxc(id: id) { return Guest(lxc) }
        return vm(id: id).map(Guest.init)
    }

    /// The LXC with CTID `id`.
    public func lxc(id: Int) -> LXCConfig? { lxcs.first { $0.id == id } }

    /// The VM with VMID `id`.
    public func vm(id: Int) -> VMConfig? { vms.first { $0.vmid == id } }

    /// The stack folder called `name`.
    public func stack(named name: String) -> Stack? { stacks.first { $0.name == name } }

    /// A config file's content.
    public func file(_ kind: ConfigFileKind) -> ConfigFileContent? { files[layout.path(of: kind)] }

    /// A config file's parsed JSON.
    public func json(_ kind: ConfigFileKind) -> JSONValue? { file(kind)?.json }

    /// The line:column of `pointer` in the JSON file at `path` (the key's position for members).
    public func location(file path: String, pointer: JSONPointer) -> SourceLocation? {
        files[path]?.json?.location(of: pointer)
    }

    /// The guest holding `role`, or `nil` when no rule resolves it.
    public func role(_ role: GuestRole) -> Guest? { roleResolution(role)?.guest }

    /// Who holds `role` and why: the explicit `roles.<role>` entry when present (even if it names no
    /// guest: then `nil`, no fallback, since a wrong explicit entry must not be papered over), otherwise
    /// the first LXC named `role.legacyName`.
    public func roleResolution(_ role: GuestRole) -> RoleResolution? {
        if let assignment = hypervisor.roles[role] {
            return guest(id: assignment.guestID).map {
                RoleResolution(role: role, guest: $0, rule: .explicit(assignment.origin))
            }
        }
        return lxcs.first { $0.name == role.legacyName }.map {
            RoleResolution(role: role, guest: Guest($0), rule: .legacyName(role.legacyName))
        }
    }
}
