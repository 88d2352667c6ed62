/// Every bound on what a pushed configuration may cost to read (ADR 0019). Each limit that is hit is a
/// finding (an error with the file it concerns), never a crash and never an unbounded allocation.
///
/// The defaults are far above what the platform's real configurations need (in the three corpus eras the
/// largest stack folder is 11 KB, no folder is more than one level below its stack, the largest compose
/// file is 1.7 KB) and far below what would hurt a Proxmox host (the reviewer's 450-byte alias bomb
/// took > 3 GB; 60 files of 16 MB peaked at 2.8 GB RSS).
/// Settings file: the `limits` object, keys as below in snake case; a key left out keeps its default.
public struct InputLimits: Sendable, Hashable, Codable {
    /// Largest single file, in bytes (checked from the object header or `stat`, before reading).
    public var maxFileBytes = 16 * 1024 * 1024
    /// Largest total of the files of one stack folder, in bytes.
    public var maxStackBytes = 32 * 1024 * 1024
    /// Largest total of every file read from one commit (config files and stacks), in bytes.
    public var maxCommitBytes = 128 * 1024 * 1024
    /// Most files in one stack folder.
    public var maxStackFiles = 5_000
    /// Deepest folder nesting below a stack folder (`stacks/NAME/a/b` is depth 2).
    public var maxStackDepth = 32
    /// Most YAML nodes of a compose file once its aliases are expanded (a "billion laughs" is 10⁹).
    public var maxYAMLNodes = 100_000
    /// Most scalar bytes of a compose file once its aliases are expanded (what a renderer re-emits).
    public var maxYAMLExpandedBytes = 16 * 1024 * 1024
    /// Deepest nesting of YAML sequences and mappings.
    public var maxYAMLDepth = 64
    /// Deepest nesting of JSON arrays and objects.
    public var maxJSONDepth = 256

    /// The defaults.
    public init() {}

    /// The defaults.
    public static let `default` = InputLimits()

    /// The JSON parser's options under these limits.
    public var jsonOptions: JSONParserOptions { JSONParserOptions(maxBytes: maxFileBytes, maxDepth: maxJSONDepth) }

    /// The YAML budget under these limits.
    public var yamlBudget: YAMLBudget {
        YAMLBudget(maxNodes: maxYAMLNodes, maxExpandedBytes: maxYAMLExpandedBytes, maxDepth: maxYAMLDepth)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxFileBytes = "max_file_bytes", maxStackBytes = "max_stack_bytes"
        case maxCommitBytes = "max_commit_bytes", maxStackFiles = "max_stack_files"
        case maxStackDepth = "max_stack_depth", maxYAMLNodes = "max_yaml_nodes"
        case maxYAMLExpandedBytes = "max_yaml_expanded_bytes", maxYAMLDepth = "max_yaml_depth"
        case maxJSONDepth = "max_json_depth"
    }

    /// The setting names, for "unknown key" messages.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// Decodes, keeping the default of every key left out; a limit below 1 is refused.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = InputLimits()
        func value(_ key: CodingKeys, _ fallback: Int) throws -> Int {
            guard let found = try c.decodeIfPresent(Int.self, forKey: key) else { return fallback }
            guard found >= 1 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "a limit must be 1 or more (got \(found))")
            }
            return found
        }
        maxFileBytes = try value(.maxFileBytes, d.maxFileBytes)
        maxStackBytes = try value(.maxStackBytes, d.maxStackBytes)
        maxCommitBytes = try value(.maxCommitBytes, d.maxCommitBytes)
        maxStackFiles = try value(.maxStackFiles, d.maxStackFiles)
        maxStackDepth = try value(.maxStackDepth, d.maxStackDepth)
        maxYAMLNodes = try value(.maxYAMLNodes, d.maxYAMLNodes)
        maxYAMLExpandedBytes = try value(.maxYAMLExpandedBytes, d.maxYAMLExpandedBytes)
        maxYAMLDepth = try value(.maxYAMLDepth, d.maxYAMLDepth)
        maxJSONDepth = try value(.maxJSONDepth, d.maxJSONDepth)
    }
}
