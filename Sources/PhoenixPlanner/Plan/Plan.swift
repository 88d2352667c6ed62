import PhoenixCore
import PhoenixGit
import PhoenixStages

/// The result of planning one target commit: what changed, which stages run and why, which are
/// skipped and why, and the changes no stage applies.
public struct Plan: Sendable {
    /// The fallback base (`--from` or the first parent; nil: the empty tree).
    public var from: ObjectID?
    /// The target commit.
    public var to: ObjectID
    /// The changes from `from` to `to` (stages with their own base were matched against their own).
    public var changes: ChangeSet
    /// Every planned stage, in the catalogue's topological order.
    public var stages: [StagePlan]
    /// Changes that no stage applies.
    public var notices: [PlanNotice]
    /// Warnings and infos from validating the target configuration (errors make `PlanError`).
    public var diagnostics: [Diagnostic]
    /// Every change set the plan built, by the base it was asked for (the fallback and each stage's
    /// base; nil the empty tree), so a caller never diffs the trees again (issue #16). A base missing
    /// from the repository maps to the change set from the empty tree it was planned from.
    public var changeSets: [ObjectID?: ChangeSet]

    /// Creates a plan.
    public init(
        from: ObjectID?, to: ObjectID, changes: ChangeSet, stages: [StagePlan], notices: [PlanNotice],
        diagnostics: [Diagnostic], changeSets: [ObjectID?: ChangeSet] = [:]
    ) {
        self.from = from
        self.to = to
        self.changes = changes
        self.stages = stages
        self.notices = notices
        self.diagnostics = diagnostics
        self.changeSets = changeSets
    }

    /// The stages that would run, in order.
    public var stagesToRun: [StagePlan] { stages.filter { $0.decision == .run } }

    /// Whether any stage would run (`plan` exit status 2).
    public var willRun: Bool { stages.contains { $0.decision == .run } }

    /// Whether a stage that would run has a render with errors (`plan` exit status 1).
    public var hasErrors: Bool { stages.contains(where: \.isBlocked) }

    /// Every repository path changed between the stages' bases and the target (renamed files under both
    /// names), from the change sets the plan built: the trees are never diffed again for it.
    public var changedPaths: [String] {
        var changed = Set<String>()
        for base in Set(stages.map(\.base)) where base != to {
            for file in changeSets[base]?.files ?? [] {
                changed.insert(file.path)
                if let old = file.oldPath { changed.insert(old) }
            }
        }
        return changed.sorted()
    }

    /// The notices as the run report keeps them, one line each (`kind: message`).
    public var noticeLines: [String] { notices.map { "\($0.kind.rawValue): \($0.message)" } }

    /// The plan of `stage`, if it was planned.
    public func stage(_ id: StageID) -> StagePlan? { stages.first { $0.id == id } }
}
