extension DiagnosticCode {
    // MARK: Real-data layouts (docs/real-data.md)

    /// A NIC's `hwaddr` is not a MAC address.
    public static let invalidHWAddr: DiagnosticCode = "invalid-hwaddr"
    /// Two NICs of one guest share a name or a Proxmox slot.
    public static let duplicateNICName: DiagnosticCode = "duplicate-nic-name"
    /// `address_interface` (or the setting) names no NIC of the guest.
    public static let unknownInterface: DiagnosticCode = "unknown-interface"
    /// A published guest whose only address comes from DHCP on a NIC without `hwaddr` (warning).
    public static let dhcpWithoutHWAddr: DiagnosticCode = "dhcp-without-hwaddr"
    /// An optional or under-construction config file is absent and stands for nothing (info).
    public static let absentFile: DiagnosticCode = "absent-file"
    /// A stack's `compose_file_path` is absolute, has `..`, leaves the repository or is a symlink.
    public static let unsafeComposePath: DiagnosticCode = "unsafe-compose-path"
    /// One stack defined both by a `stacks/<name>/` folder and by `compose_file_path`, or two stacks in one folder.
    public static let stackDefinedTwice: DiagnosticCode = "stack-defined-twice"
    /// A stack a VM deploys whose `compose_file_path` names no file (warning: it is not deployed).
    public static let composeFileMissing: DiagnosticCode = "compose-file-missing"
    /// A commit deletes a config file the applied commit had, which would remove what it described.
    public static let fileDeleted: DiagnosticCode = "file-deleted"
    /// A stage cannot apply yet: the guest or role it acts on does not exist (info).
    public static let stageNotApplicable: DiagnosticCode = "stage-not-applicable"
}
