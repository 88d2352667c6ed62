import PhoenixCore
import PhoenixGit

/// Builds `ChangeSet`s, parsing each JSON blob once (blobs are keyed by id, so several bases of one
/// plan share the parsed target files).
struct ChangeSetBuilder {
    let repository: Repository
    let layout: ConfigLayout
    let options: JSONParserOptions
    /// Parsed blobs by id; nil when the blob is not JSON that parses.
    private var parsed: [ObjectID: JSONValue?] = [:]
    /// Folders of stacks named by `compose_file_path` (at the base or the target of the current
    /// build) outside the stacks folder, longest first: their files are that stack's files.
    private(set) var composeFolders: [(folder: String, name: String)] = []

    /// Documents shared with the loads of the same plan (or the watcher's runs), by blob id.
    var documents: ParsedBlobCache?

    init(repository: Repository, layout: ConfigLayout, options: JSONParserOptions = .default) {
        self.repository = repository
        self.layout = layout
        self.options = options
    }

    /// Records the parsed value of blob `id` (already parsed elsewhere, e.g. by the target's load).
    mutating func seed(_ id: ObjectID, json: JSONValue?) {
        parsed[id] = json
    }

    /// What one side of a diff entry is to the planner.
    enum Role: Equatable {
        case config(ConfigFileKind)
        case stack(relativePath: String)
        case unread
        case outside
    }

    mutating func build(base: ObjectID?, target: ObjectID) throws(GitError) -> ChangeSet {
        composeFolders = loadComposeFolders(at: [base, target].compactMap { $0 })
        let diff = try repository.diff(from: base, to: target).filtered(
            prefixes: [layout.configPath, layout.stacksPath] + composeFolders.map(\.folder))
        var files: [ChangedFile] = []
        var inputs: [ChangeInput] = []
        for entry in diff.entries {
            let oldSide = entry.status == .added ? nil : (entry.oldPath ?? entry.path)
            let newSide = entry.status == .deleted ? nil : entry.path
            let sides = [oldSide, newSide].compactMap { $0 }
            var pointers: [JSONChange] = []
            var isJSON = false
            var handled = Set<String>()
            for path in sides where handled.insert(path).inserted {
                let status = Self.sideStatus(entry, path: path)
                switch role(of: path) {
                case .config(let kind):
                    let (old, new) = try json(entry, oldSide: oldSide, newSide: newSide, path: path)
                    isJSON = isJSON || old != nil || new != nil
                    let changes = JSONDiff.diff(old: old, new: new)
                    pointers += changes
                    inputs += changes.map { ChangeInput.json(kind, path: path, change: $0) }
                case .stack(let relative):
                    inputs.append(.stackFile(path: path, relativePath: relative, status: status))
                    if Self.isStackManifest(relative) {
                        let (old, new) = try json(entry, oldSide: oldSide, newSide: newSide, path: path)
                        isJSON = isJSON || old != nil || new != nil
                        pointers += JSONDiff.diff(old: old, new: new)
                    }
                case .unread:
                    inputs.append(.unread(path: path, status: status))
                case .outside:
                    continue
                }
            }
            var stack: String?
            for path in sides.reversed() where stack == nil {
                if case .stack(let relative) = role(of: path) { stack = Self.stackName(ofRelativePath: relative) }
            }
            files.append(
                ChangedFile(
                    status: entry.status, path: entry.path, oldPath: entry.oldPath, stack: stack, isJSON: isJSON,
                    pointers: pointers))
        }
        return ChangeSet(base: base, target: target, files: files, inputs: inputs)
    }

    /// The folders of the stacks named by `compose_file_path` in the stacks config of `commits`
    /// (the target's naming wins when both name one folder). Folders inside the stacks folder are
    /// already stack folders.
    private func loadComposeFolders(at commits: [ObjectID]) -> [(folder: String, name: String)] {
        var byFolder: [String: String] = [:]
        for commit in commits {
            // A commit without a readable stacks config names no such folder (its diff reports the rest).
            guard let bytes = try? repository.blob(at: commit, path: layout.path(of: .stacksConfig)) else { continue }
            let document = try? JSONParser.parse(bytes, options: options).root
            for entry in ComposePathStacks.entries(document, layout: layout)
            where Self.relative(entry.folder, to: layout.stacksPath) == nil {
                byFolder[entry.folder] = entry.name
            }
        }
        return byFolder.map { (folder: $0.key, name: $0.value) }.sorted { $0.folder.count > $1.folder.count }
    }

    /// The role of a repository-relative path under `layout`.
    func role(of path: String) -> Role {
        if let kind = ConfigFileKind.allCases.first(where: { layout.path(of: $0) == path }) { return .config(kind) }
        for (folder, name) in composeFolders {
            // A compose-path stack's file is seen as if it were in `stacks/<name>/`, so every stack
            // rule (`*/**`, `*/phoenix.json`) and `changedStacks` work for both layouts.
            if let rest = Self.relative(path, to: folder) { return .stack(relativePath: name + "/" + rest) }
        }
        if let relative = Self.relative(path, to: layout.stacksPath) { return .stack(relativePath: relative) }
        if Self.relative(path, to: layout.configPath) != nil { return .unread }
        return .outside
    }

    /// The stack folder of a path relative to the stacks folder: its first component, when the file is
    /// inside a folder that is not hidden (the loader skips hidden folders and loose files).
    static func stackName(ofRelativePath relative: String) -> String? {
        let parts = relative.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let first = parts.first, !first.hasPrefix(".") else { return nil }
        return String(first)
    }

    private static func isStackManifest(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/")
        return parts.count == 2 && parts[1] == "phoenix.json"
    }

    private static func relative(_ path: String, to folder: String) -> String? {
        if folder.isEmpty { return path }
        guard path.hasPrefix(folder + "/") else { return nil }
        return String(path.dropFirst(folder.count + 1))
    }

    /// How one side of an entry changed: a rename is a deletion of its old path and an addition of its new one.
    private static func sideStatus(_ entry: TreeDiff.Entry, path: String) -> String {
        guard entry.status == .renamed else { return entry.status.rawValue }
        return path == entry.oldPath ? TreeDiff.Status.deleted.rawValue : TreeDiff.Status.added.rawValue
    }

    /// The old and new JSON of `path` within one entry (nil where that side is not `path` or does not parse).
    private mutating func json(
        _ entry: TreeDiff.Entry, oldSide: String?, newSide: String?, path: String
    ) throws(GitError) -> (JSONValue?, JSONValue?) {
        var old: JSONValue?
        var new: JSONValue?
        if oldSide == path, let id = entry.oldID { old = try parse(id) }
        if newSide == path, let id = entry.newID { new = try parse(id) }
        return (old, new)
    }

    private mutating func parse(_ id: ObjectID) throws(GitError) -> JSONValue? {
        if let known = parsed[id] { return known }
        if let document = documents?.document(id, options: options) {
            parsed[id] = document.root
            return document.root
        }
        let bytes = try repository.blob(id)
        let document = try? JSONParser.parse(bytes, options: options)
        if let document { documents?.store(document, id: id, bytes: bytes.count, options: options) }
        parsed[id] = document?.root
        return document?.root
    }
}
