/// Where the config files and stack folders live inside the repository.
public struct ConfigLayout: Sendable, Hashable, Codable {
    /// Folder of the JSON files (default `config`).
    public var configPath: String
    /// Folder of the stack folders (default `stacks`).
    public var stacksPath: String
    /// The folder `compose_file_path` values are relative to; nil means the parent of `configPath`
    /// (the original's `usr/local/phoenix_hypervisor` for `…/etc`, the repository root for `config`).
    public var basePath: String?

    /// Creates a layout; leading/trailing slashes are removed (paths are repository-relative).
    public init(configPath: String = "config", stacksPath: String = "stacks", basePath: String? = nil) {
        self.configPath = Self.normalize(configPath)
        self.stacksPath = Self.normalize(stacksPath)
        self.basePath = basePath.map(Self.normalize)
    }

    /// The base folder of `compose_file_path` values (see `basePath`).
    public var resolvedBasePath: String {
        if let basePath { return basePath }
        guard let slash = configPath.lastIndex(of: "/") else { return "" }
        return String(configPath[..<slash])
    }

    /// Repository-relative path of a path relative to the base folder.
    public func pathInBase(_ relative: String) -> String {
        join(resolvedBasePath, relative)
    }

    /// `config` + `stacks`.
    public static let `default` = ConfigLayout()

    /// The original Phoenix repository: `usr/local/phoenix_hypervisor/etc` + `usr/local/phoenix_hypervisor/stacks`.
    public static let original = ConfigLayout(
        configPath: "usr/local/phoenix_hypervisor/etc", stacksPath: "usr/local/phoenix_hypervisor/stacks")

    /// Repository-relative path of a config file.
    public func path(of file: ConfigFileKind) -> String {
        join(configPath, file.fileName)
    }

    /// Repository-relative path of a stack folder.
    public func stackPath(_ name: String) -> String {
        join(stacksPath, name)
    }

    private func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder + "/" + name
    }

    private static func normalize(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}
