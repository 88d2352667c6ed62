import Foundation
import PhoenixCore
import PhoenixGit
import PhoenixStages

/// Plans a target commit: which stages run, why, and what they would change. Offline: git objects
/// only, no host access (DESIGN §1 `plan`, issue #5).
///
/// For each stage, in the catalogue's topological order:
/// 1. its base is its own last applied commit (`PlanBases.perStage`) or the fallback;
/// 2. the change set base → target (tree diff restricted to the config and stacks folders, semantic
///    JSON pointers) is matched against the stage's input rules; no match → `skip-unaffected`, at once,
///    without rendering or waiting on anything;
/// 3. otherwise the stage is rendered at the target and compared with what it last applied (`applied`
///    digests) or, when nothing is recorded, with its render at the base: byte-identical →
///    `skip-identical-output`, else `run` with the artifacts that change.
///
/// Changes that no stage reads become notices. A stage that runs does not force its dependents to
/// run: a dependent runs only when its own inputs changed (its render is its own truth); the order
/// of `stages` is what the reconciler follows.
public struct Planner: Sendable {
    /// The stages.
    public let catalogue: StageCatalogue
    /// Settings the renders read.
    public let settings: StageSettings
    /// Where the config files and stacks live in the repository.
    public let layout: ConfigLayout
    /// The input limits every commit is loaded within (ADR 0019).
    public let limits: InputLimits
    /// In a Proxmox cluster, where each stage runs: its plan names the nodes (nil: one host).
    public var placement: (any StagePlacement)?
    /// Parsed documents by blob id to reuse across plans (the watcher keeps one); nil: each plan shares
    /// one between its own loads and change sets, and drops it.
    public var documents: ParsedBlobCache?

    /// A planner for `catalogue`.
    public init(
        catalogue: StageCatalogue, settings: StageSettings, layout: ConfigLayout = .default, limits: InputLimits = .default
    ) {
        self.catalogue = catalogue
        self.settings = settings
        self.layout = layout
        self.limits = limits
    }

    /// Plans `target`.
    ///
    /// - Parameters:
    ///   - repository: the config repository (read only).
    ///   - target: the commit to plan.
    ///   - bases: the commit each stage is planned from.
    ///   - applied: per stage, the artifacts it last applied (the reconciler's state); a stage with an
    ///     entry here is compared with these digests, one without with its render at its base.
    ///   - only: plan just these stages (`--stage`); nil plans all. Notices still consider every stage.
    ///   - includeBaseContents: render the base of compared stages even when `applied` decides, so every
    ///     changed artifact carries its old bytes for a unified diff (what `plan` shows). The reconciler
    ///     can pass false and skip those renders.
    ///   - validated: the target's validation when the caller already made it (the reconciler validates
    ///     before planning): it must be the report of `target` under this planner's layout and limits.
    ///     Nil validates here. A run validates once (issue #16).
    /// - Throws: `PlanError.invalidConfiguration` when the target's configuration has errors (every
    ///   finding listed), `.git` when the repository cannot be read, `.unknownStages` for a bad `only`.
    public func plan(
        repository: Repository, target: ObjectID, bases: PlanBases, applied: [StageID: [AppliedArtifact]] = [:],
        only: Set<StageID>? = nil, includeBaseContents: Bool = true, validated: ValidationReport? = nil
    ) throws(PlanError) -> Plan {
        if let only {
            let unknown = only.filter { catalogue.stage($0) == nil }.sorted()
            guard unknown.isEmpty else { throw .unknownStages(unknown, known: catalogue.ids) }
        }
        do {
            _ = try repository.commit(target)
        } catch {
            throw .git(error)
        }
        // One cache for every load and change set of this plan: a file unchanged between the target and a
        // base is parsed once (issue #16 item 2).
        let documents = documents ?? ParsedBlobCache()
        let report =
            validated
            ?? ConfigValidator.validate(
                source: GitConfigSource(repository: repository, commit: target, limits: limits, documents: documents),
                layout: layout, limits: limits)
        guard !report.hasErrors, let snapshot = report.snapshot else {
            throw .invalidConfiguration(commit: target, diagnostics: report.diagnostics)
        }
        let deletions = deletedFiles(repository: repository, target: target, snapshot: snapshot, bases: bases)
        guard deletions.isEmpty else {
            throw .invalidConfiguration(commit: target, diagnostics: report.diagnostics + deletions)
        }
        var run = PlanningPass(
            planner: self, repository: repository, target: target, snapshot: snapshot, documents: documents)
        var notices: [PlanNotice] = []
        let defaultChanges = try run.changes(from: bases.fallback, notices: &notices)
        var stages: [StagePlan] = []
        for stage in catalogue.stages where only?.contains(stage.id) ?? true {
            stages.append(
                try run.plan(
                    stage, base: bases.base(for: stage.id), applied: applied[stage.id],
                    includeBaseContents: includeBaseContents, notices: &notices))
            stages[stages.count - 1].nodes = placement?.placement(of: stage)
        }
        let rules = catalogue.stages.flatMap(\.inputs)
        notices += NoticeBuilder(rules: rules).notices(for: defaultChanges)
        return Plan(
            from: bases.fallback, to: target, changes: defaultChanges, stages: stages, notices: notices,
            diagnostics: report.diagnostics, changeSets: run.allChangeSets)
    }

    /// Config files a base had and the target lacks, each an error saying what deleting it would
    /// remove (`DeletedFileChecks`); a base that cannot be read is left to the change set to report.
    private func deletedFiles(
        repository: Repository, target: ObjectID, snapshot: ConfigSnapshot, bases: PlanBases
    ) -> [Diagnostic] {
        let absent = [ConfigFileKind.lxc, .vm, .certificates, .stacksConfig].filter { snapshot.file($0) == nil }
        let commits = Set([bases.fallback].compactMap { $0 } + bases.perStage.values).subtracting([target])
        guard !absent.isEmpty, !commits.isEmpty else { return [] }
        var current: LoadResult?
        var seen = Set<String>()
        var result: [Diagnostic] = []
        for commit in commits.sorted(by: { $0.hex < $1.hex }) {
            // Only a base that has one of the absent files is loaded (most plans load nothing here).
            guard absent.contains(where: { (try? repository.blob(at: commit, path: layout.path(of: $0))) != nil }) else { continue }
            let previous = ConfigLoader.load(
                from: GitConfigSource(repository: repository, commit: commit, limits: limits, documents: documents),
                layout: layout, limits: limits)
            let now = current ?? ConfigLoader.load(
                from: GitConfigSource(repository: repository, commit: target, limits: limits, documents: documents),
                layout: layout, limits: limits)
            current = now
            for finding in DeletedFileChecks.findings(previous: previous, current: now, layout: layout)
            where seen.insert(finding.file ?? "").inserted {
                result.append(finding)
            }
        }
        return result
    }

    /// Renders every stage of the catalogue (or `only`) from `snapshot`, in order.
    public func renderAll(_ snapshot: ConfigSnapshot, only: Set<StageID>? = nil) -> [Render] {
        catalogue.stages.filter { only?.contains($0.id) ?? true }.map { $0.render(snapshot, settings: settings) }
    }
}
