/// One entry of a git tree (a folder listing), copied out of the object database.
public struct TreeEntry: Sendable, Hashable {
    /// What an entry points at.
    public enum Kind: Sendable, Hashable {
        /// A file or symbolic link (a blob).
        case blob
        /// A sub-folder (a tree).
        case tree
        /// Anything else, e.g. a submodule commit (gitlink).
        case other
    }

    /// The entry's own name, e.g. `docker-compose.yml`.
    public let name: String
    /// The path from the repository root, e.g. `stacks/traefik/docker-compose.yml`.
    public let path: String
    /// Blob, tree or other.
    public let kind: Kind
    /// The id of the blob or tree.
    public let id: ObjectID
    /// The git file mode, e.g. `0o100644` (file), `0o100755` (executable), `0o120000` (symlink), `0o040000` (tree).
    public let mode: Int

    /// Creates an entry value.
    public init(name: String, path: String, kind: Kind, id: ObjectID, mode: Int) {
        self.name = name
        self.path = path
        self.kind = kind
        self.id = id
        self.mode = mode
    }
}
