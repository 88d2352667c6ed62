import Foundation
import PhoenixCore
import PhoenixGit
import PhoenixStages

/// The mutable state of one `Planner.plan` call: change sets per base, snapshots per commit and
/// renders per (stage, commit), each computed at most once.
struct PlanningPass {
    let planner: Planner
    let repository: Repository
    let target: ObjectID
    let targetSnapshot: ConfigSnapshot
    /// Parsed documents by blob id, shared by the loads and change sets of the plan.
    let documents: ParsedBlobCache
    private var builder: ChangeSetBuilder
    private var changeSets: [ObjectID?: ChangeSet] = [:]
    /// Loaded base snapshots (nil value: the base has no loadable configuration).
    private var snapshots: [ObjectID: ConfigSnapshot?] = [:]
    private var targetRenders: [StageID: Render] = [:]
    /// Bases that are not in the repository, already reported.
    private var missingBases = Set<ObjectID>()

    init(planner: Planner, repository: Repository, target: ObjectID, snapshot: ConfigSnapshot, documents: ParsedBlobCache) {
        self.planner = planner
        self.repository = repository
        self.target = target
        self.targetSnapshot = snapshot
        self.documents = documents
        // The loader's parser options, so the change set and the loads share documents.
        self.builder = ChangeSetBuilder(repository: repository, layout: planner.layout, options: planner.limits.jsonOptions)
        builder.documents = documents
        // The target's config files were parsed by its load: hand them to the diff instead of parsing
        // them again (the blob ids come from one cheap tree walk of the config folder).
        if let ids = try? repository.files(at: target, under: planner.layout.configPath) {
            for kind in ConfigFileKind.allCases {
                let path = planner.layout.path(of: kind)
                if let id = ids[path], let json = snapshot.files[path]?.json { builder.seed(id, json: json) }
            }
        }
    }

    /// The change set from `base` to the target. A base that is not in the repository (history was
    /// rewritten, or the state belongs to another repository) is planned as the empty tree, with a notice.
    mutating func changes(from base: ObjectID?, notices: inout [PlanNotice]) throws(PlanError) -> ChangeSet {
        if let known = changeSets[base] { return known }
        let result: ChangeSet
        do {
            result = try builder.build(base: effective(base), target: target)
        } catch {
            guard error.code == .notFound, let base, missingBases.insert(base).inserted else { throw .git(error) }
            notices.append(
                PlanNotice(
                    kind: .unknownBase, file: nil, guest: nil, pointers: [],
                    message: "base commit \(base.short) is not in the repository; planning from the empty tree"))
            return try changes(from: base, notices: &notices)
        }
        changeSets[base] = result
        return result
    }

    /// Every change set built so far, by the base asked for.
    var allChangeSets: [ObjectID?: ChangeSet] { changeSets }

    /// The base actually diffed against (nil for one known to be missing).
    private func effective(_ base: ObjectID?) -> ObjectID? {
        guard let base, !missingBases.contains(base) else { return nil }
        return base
    }

    mutating func plan(
        _ stage: any Stage, base: ObjectID?, applied: [AppliedArtifact]?, includeBaseContents: Bool,
        notices: inout [PlanNotice]
    ) throws(PlanError) -> StagePlan {
        let changeSet = try changes(from: base, notices: &notices)
        let reasons = Self.reasons(stage, changeSet)
        guard !reasons.isEmpty else {
            // Planned from the empty tree (never applied) with nothing it reads present: whether it can
            // apply at all is worth saying (a platform under construction), so it is rendered.
            if base == nil, let reason = notApplicableReason(stage) {
                return StagePlan(
                    id: stage.id, summary: stage.summary, base: base, decision: .notApplicable, reasons: [],
                    comparison: .none, artifacts: [], render: targetRender(stage), notApplicableReason: reason)
            }
            return StagePlan(
                id: stage.id, summary: stage.summary, base: base, decision: .skipUnaffected, reasons: [],
                comparison: .none, artifacts: [], render: nil)
        }
        let newRender = targetRender(stage)
        if let reason = notApplicableReason(stage) {
            return StagePlan(
                id: stage.id, summary: stage.summary, base: base, decision: .notApplicable, reasons: reasons,
                comparison: .none, artifacts: [], render: newRender, notApplicableReason: reason)
        }
        let baseRender: Render? =
            applied == nil || includeBaseContents ? try render(stage, at: effective(base)) : nil
        let comparison: StagePlan.Comparison = applied == nil ? .baseRender : .applied
        let previous = applied ?? baseRender?.applied ?? []
        let artifacts = ArtifactComparison.changes(stage: stage.id, previous: previous, base: baseRender, new: newRender)
        // A render with errors is never "identical": it runs, so the stage fails with its errors
        // instead of being skipped silently (an entry refused at render renders nothing).
        return StagePlan(
            id: stage.id, summary: stage.summary, base: base,
            decision: artifacts.isEmpty && !newRender.hasErrors ? .skipIdenticalOutput : .run, reasons: reasons,
            comparison: comparison,
            artifacts: artifacts, render: newRender)
    }

    /// One reason per changed input the stage reads (its first matching rule).
    static func reasons(_ stage: any Stage, _ changes: ChangeSet) -> [StageReason] {
        let rules = stage.inputs
        var reasons: [StageReason] = []
        for input in changes.inputs {
            let rule: InputRule?
            switch input {
            case .json(let kind, _, let change):
                rule = rules.first { $0.matches(file: kind, pointer: change.pointer) }
            case .stackFile(_, let relative, _):
                rule = rules.first { $0.matches(stackPath: relative) }
            case .unread:
                rule = nil
            }
            if let rule { reasons.append(StageReason(input, rule: rule)) }
        }
        return reasons
    }

    /// Why `stage` cannot apply at the target: its own render says so, or a stage it depends on
    /// (directly or not) is not applicable, whatever that stage's own plan decided.
    mutating func notApplicableReason(_ stage: any Stage) -> String? {
        if let reason = targetRender(stage).notApplicable { return reason }
        for dependency in stage.dependencies {
            guard let upstream = planner.catalogue.stage(dependency) else { continue }
            if notApplicableReason(upstream) != nil {
                return "it depends on \(dependency), which is not applicable"
            }
        }
        return nil
    }

    private mutating func targetRender(_ stage: any Stage) -> Render {
        if let known = targetRenders[stage.id] { return known }
        let render = stage.render(targetSnapshot, settings: planner.settings)
        targetRenders[stage.id] = render
        return render
    }

    /// The stage's render at `commit`; nil for the empty tree or a commit without a loadable configuration
    /// (nothing was rendered there).
    private mutating func render(_ stage: any Stage, at commit: ObjectID?) throws(PlanError) -> Render? {
        guard let commit else { return nil }
        if commit == target { return targetRender(stage) }
        guard let snapshot = try snapshot(at: commit) else { return nil }
        return stage.render(snapshot, settings: planner.settings)
    }

    private mutating func snapshot(at commit: ObjectID) throws(PlanError) -> ConfigSnapshot? {
        if let known = snapshots[commit] { return known }
        let result = ConfigLoader.load(
            from: GitConfigSource(repository: repository, commit: commit, limits: planner.limits, documents: documents),
            layout: planner.layout, limits: planner.limits)
        snapshots[commit] = result.snapshot
        return result.snapshot
    }
}
