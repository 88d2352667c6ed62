import PhoenixCore
import PhoenixGit

/// One file that changed between a base and the target, restricted to the config and stacks
/// folders, with the semantic JSON changes of config files and stack manifests.
public struct ChangedFile: Sendable, Hashable {
    /// How the file changed.
    public var status: TreeDiff.Status
    /// The path at the target (for a deletion, the deleted path).
    public var path: String
    /// For a rename, where the file was.
    public var oldPath: String?
    /// The stack folder the file is in (`monitoring` for `stacks/monitoring/configs/a.env`), if any.
    public var stack: String?
    /// Whether the file was compared as JSON (config files and `phoenix.json` stack manifests that parsed).
    public var isJSON: Bool
    /// The semantic changes, in document order; empty for non-JSON files and formatting-only edits.
    public var pointers: [JSONChange]

    /// Creates a changed file.
    public init(
        status: TreeDiff.Status, path: String, oldPath: String?, stack: String?, isJSON: Bool, pointers: [JSONChange]
    ) {
        self.status = status
        self.path = path
        self.oldPath = oldPath
        self.stack = stack
        self.isJSON = isJSON
        self.pointers = pointers
    }

    /// A JSON file whose bytes changed but whose value did not (whitespace, key order, number spelling).
    public var isFormattingOnly: Bool { isJSON && pointers.isEmpty && status == .modified }
}
