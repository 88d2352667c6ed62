import Foundation

/// A Docker stack folder `stacks/<name>/`: its compose file, its optional `phoenix.json` manifest and
/// every file in it.
public struct Stack: Sendable, Hashable {
    /// Folder name, also the stack name.
    public var name: String
    /// Repository-relative folder path (`stacks/qdrant_service`).
    public var path: String
    /// Bytes of `docker-compose.yml` (or `docker-compose.yaml`), if present.
    public var composeBytes: Data?
    /// Repository-relative path of the compose file, if present.
    public var composePath: String?
    /// The parsed compose file (`nil` when absent or unparsable; the error is a diagnostic).
    public var compose: YAMLValue?
    /// The `phoenix.json` manifest, if present and parsable.
    public var manifest: StackDefinition?
    /// The manifest's JSON, if present and parsable.
    public var manifestJSON: JSONValue?
    /// Every file of the folder (compose and manifest included), sorted by path.
    public var files: [StackFile]
    /// For a stack named by `compose_file_path` in the stacks config (its folder is the compose file's
    /// folder, anywhere under the base folder): where that value is. Nil for a `stacks/<name>/` folder.
    public var definedBy: ValueOrigin?
    /// For a stack named by `compose_file_path`: the compose file it names (present or not).
    public var namedComposePath: String?

    /// Creates a stack.
    public init(
        name: String, path: String, composeBytes: Data?, composePath: String?, compose: YAMLValue?,
        manifest: StackDefinition?, manifestJSON: JSONValue?, files: [StackFile], definedBy: ValueOrigin? = nil,
        namedComposePath: String? = nil
    ) {
        self.name = name
        self.path = path
        self.composeBytes = composeBytes
        self.composePath = composePath
        self.compose = compose
        self.manifest = manifest
        self.manifestJSON = manifestJSON
        self.files = files
        self.definedBy = definedBy
        self.namedComposePath = namedComposePath
    }

    /// Whether `name` is safe as a folder name under `stacks/` and as a `docker stack deploy` argument:
    /// `[A-Za-z0-9][A-Za-z0-9_.-]*` (so no `/`, no `..`, no leading `-` or `.`).
    public static func isSafeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        func alphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
        }
        return alphanumeric(first)
            && name.unicodeScalars.allSatisfy { alphanumeric($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }
}
