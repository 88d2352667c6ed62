import PhoenixCore

/// One change as the stage rules see it: a JSON pointer of a config file, or a file under the stacks
/// folder. A rename gives one input for each side.
public enum ChangeInput: Sendable, Hashable {
    /// A semantic change inside a config file.
    case json(ConfigFileKind, path: String, change: JSONChange)
    /// A file under the stacks folder changed (added, modified, deleted, either side of a rename);
    /// `relativePath` is relative to the stacks folder (`monitoring/docker-compose.yml`).
    case stackFile(path: String, relativePath: String, status: String)
    /// A file in the config folder that is not one of the config files: no rule can read it.
    case unread(path: String, status: String)

    /// The repository-relative file.
    public var path: String {
        switch self {
        case .json(_, let path, _), .stackFile(let path, _, _), .unread(let path, _): path
        }
    }
}
