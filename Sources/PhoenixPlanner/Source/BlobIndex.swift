import PhoenixGit
import Synchronization

/// The blob ids of one commit's files, by path, filled by the tree walks a `GitConfigSource` already
/// makes (`allFiles`) and by one listing per folder read from: every later read of a file is a read by
/// id, never a walk from the root tree again (issue #16: reading 833 stack folders path by path cost
/// 497 ms once the stacks tree fell out of libgit2's object cache). Keyed by commit through its
/// source, so an entry can never be stale.
final class BlobIndex: Sendable {
    private struct State {
        var ids: [String: ObjectID] = [:]
        var folders = Set<String>()
    }

    private let state = Mutex(State())

    /// The blob id recorded for `path`, or nil when its folder was listed and it is not a file there;
    /// `.unknown` when its folder has not been listed yet.
    enum Lookup {
        case file(ObjectID)
        case absent
        case unknown
    }

    func lookup(_ path: String) -> Lookup {
        state.withLock { state in
            if let id = state.ids[path] { return .file(id) }
            return state.folders.contains(Self.folder(of: path)) ? .absent : .unknown
        }
    }

    /// Records files found by a walk (not a folder listing: a walk does not say what is absent).
    func record(files: [String: ObjectID]) {
        state.withLock { $0.ids.merge(files) { _, new in new } }
    }

    /// Records the complete listing of `folder`: its files, and that nothing else in it is a file.
    func record(folder: String, entries: [TreeEntry]) {
        state.withLock { state in
            for entry in entries where entry.kind == .blob {
                state.ids[folder.isEmpty ? entry.name : folder + "/" + entry.name] = entry.id
            }
            state.folders.insert(folder)
        }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
