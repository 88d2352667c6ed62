import Foundation

/// A complete, typed configuration as of one commit (or one folder): what every stage renders from.
public struct ConfigSnapshot: Sendable {
    /// Where files were found.
    public var layout: ConfigLayout
    /// Global settings.
    public var hypervisor: HypervisorConfig
    /// LXC containers in file order.
    public var lxcs: [LXCConfig] { didSet { indexGuests() } }
    /// VMs in file order.
    public var vms: [VMConfig] { didSet { indexGuests() } }
    /// All guests: LXCs (file order), then VMs (file order). Made once (and again when `lxcs` or `vms`
    /// change), not by every check and stage that walks them (issue #16 item 5).
    public private(set) var guests: [Guest] = []
    /// Position in `guests` of the first LXC / VM with an id (later duplicates are a validation error).
    private var lxcPositions: [Int: Int] = [:]
    private var vmPositions: [Int: Int] = [:]
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
        indexGuests()
    }

    private mutating func indexGuests() {
        guests = lxcs.map(Guest.init) + vms.map(Guest.init)
        lxcPositions = [:]
        vmPositions = [:]
        for (position, lxc) in lxcs.enumerated() where lxcPositions[lxc.id] == nil { lxcPositions[lxc.id] = position }
        for (position, vm) in vms.enumerated() where vmPositions[vm.vmid] == nil { vmPositions[vm.vmid] = position }
    }

    /// The first guest with `id` (LXC before VM; duplicates are a validation error).
    public func guest(id: Int) -> Guest? {
        if let position = lxcPositions[id] { return guests[position] }
        return vmPositions[id].map { guests[lxcs.count + $0] }
    }

    /// The LXC with CTID `id` (the first, should there be two).
    public func lxc(id: Int) -> LXCConfig? { lxcPositions[id].map { lxcs[$0] } }

    /// The VM with VMID `id` (the first, should there be two).
    public func vm(id: Int) -> VMConfig? { vmPositions[id].map { vms[$0] } }

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
