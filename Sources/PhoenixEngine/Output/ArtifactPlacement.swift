import PhoenixDrivers
import PhoenixStages

/// Where an artifact goes in a render folder (and how `plan` labels it), by location:
/// `host/<path>`, `lxc/<id>/<path>`, `vm/<id>/<path>`; desired-state artifacts under
/// `desired/<stage>/<host|lxc/<id>|vm/<id>>/<name>.state` (docs/render-format.md). The suffix keeps intent
/// names that are prefixes of other names (`swarm/node/w1` and `swarm/node/w1/label/zone`) from being
/// both a file and a folder.
public enum ArtifactPlacement {
    /// The folder-relative path of `key`, or nil when its path has an empty, `.` or `..` component
    /// after the leading `/` (it could not be placed without leaving the folder).
    public static func relativePath(of key: ArtifactKey, stage: StageID) -> String? {
        let parts = key.path.split(separator: "/", omittingEmptySubsequences: false).drop { $0.isEmpty }
        guard !parts.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }), !key.path.contains("\0")
        else { return nil }
        let location: String
        switch key.location {
        case .host: location = "host"
        case .lxc(let id): location = "lxc/\(id)"
        case .vm(let id): location = "vm/\(id)"
        }
        let path = parts.joined(separator: "/")
        switch key.kind {
        case .file: return "\(location)/\(path)"
        case .desiredState: return "desired/\(stage.rawValue)/\(location)/\(path).state"
        }
    }

    /// The label used in diffs: the relative path, or the key's own text when it cannot be placed.
    static func label(of key: ArtifactKey, stage: StageID) -> String {
        relativePath(of: key, stage: stage) ?? "\(stage)/\(key)"
    }
}
