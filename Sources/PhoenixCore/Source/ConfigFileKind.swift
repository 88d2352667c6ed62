/// The JSON files of a Phoenix configuration.
public enum ConfigFileKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `phoenix_hypervisor_config.json` (required).
    case hypervisor
    /// `phoenix_lxc_configs.json` (required).
    case lxc
    /// `phoenix_vm_configs.json` (required).
    case vm
    /// `certificate-manifest.json` (optional; missing is a warning).
    case certificates
    /// `phoenix_stacks_config.json` (optional).
    case stacksConfig

    /// The file name inside the config folder.
    public var fileName: String {
        switch self {
        case .hypervisor: "phoenix_hypervisor_config.json"
        case .lxc: "phoenix_lxc_configs.json"
        case .vm: "phoenix_vm_configs.json"
        case .certificates: "certificate-manifest.json"
        case .stacksConfig: "phoenix_stacks_config.json"
        }
    }

    /// Whether a snapshot cannot exist without this file.
    public var isRequired: Bool {
        switch self {
        case .hypervisor, .lxc, .vm: true
        case .certificates, .stacksConfig: false
        }
    }
}
