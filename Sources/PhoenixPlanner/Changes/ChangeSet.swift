import PhoenixCore
import PhoenixGit

/// What changed between a base commit and the target, as the planner sees it: the tree diff (with
/// renames) restricted to the config and stacks folders, the semantic JSON changes of each changed
/// JSON file, and the same again as rule inputs.
public struct ChangeSet: Sendable, Hashable {
    /// The base commit; nil is the empty tree.
    public var base: ObjectID?
    /// The target commit.
    public var target: ObjectID
    /// Changed files, by path.
    public var files: [ChangedFile]
    /// The changes the stage rules are matched against.
    public var inputs: [ChangeInput]

    /// Creates a change set.
    public init(base: ObjectID?, target: ObjectID, files: [ChangedFile], inputs: [ChangeInput]) {
        self.base = base
        self.target = target
        self.files = files
        self.inputs = inputs
    }

    /// Whether nothing under the config and stacks folders changed.
    public var isEmpty: Bool { files.isEmpty }

    /// The stack folders with a changed file (either side of a rename), sorted.
    public var changedStacks: [String] {
        var names = Set<String>()
        for input in inputs {
            guard case .stackFile(_, let relative, _) = input else { continue }
            if let name = ChangeSetBuilder.stackName(ofRelativePath: relative) { names.insert(name) }
        }
        return names.sorted()
    }

    /// The changes from `base` to `target` in `repository`, for the folders of `layout`.
    ///
    /// - Throws: `GitError` when a commit or blob cannot be read (`notFound` for an unknown base).
    public static func between(
        _ base: ObjectID?, _ target: ObjectID, in repository: Repository, layout: ConfigLayout
    ) throws(GitError) -> ChangeSet {
        var builder = ChangeSetBuilder(repository: repository, layout: layout)
        return try builder.build(base: base, target: target)
    }
}
