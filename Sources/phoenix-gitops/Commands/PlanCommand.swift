import ArgumentParser
import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// `phoenix-gitops plan [REV] [--from REV] [--format text|json|markdown] [--stage ID]`: which stages a commit
/// would run and why, offline (git objects only, no host access, no fetch).
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show which stages a commit would run and why, with the diff of every rendered artifact (offline).",
        discussion: """
            Exit status: 0 when no stage would run, 2 when stages would run, 1 on an error (an invalid \
            configuration at REV lists every finding). The JSON format is documented in docs/plan-format.md. \
            --format markdown renders the plan for a pull-request comment (summary first, diffs in \
            collapsible blocks, secrets redacted, at most 64,000 bytes with a note when cut); \
            `phoenix-gitops pr-comment` posts it.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The commit to plan (default: the tip of the tracked branch).")
    var revision: String?

    @Option(help: "Plan every stage from this commit (default: each stage's last applied commit from <state-dir>/state.json, else the first parent of REV).")
    var from: String?

    @Option(help: "Output format: text, json or markdown (a pull-request comment).")
    var format: PlanFormat = .text

    @Option(name: .customLong("stage"), help: "Plan only this stage (repeatable).")
    var stages: [String] = []

    func run() throws {
        try execute().emit()
    }

    /// Plans and renders the output; errors about the repository or arguments are thrown.
    func execute() throws -> CommandOutput {
        let settings = try global.resolved()
        // Before anything is read: an unknown stage is a usage error, worded as in every command.
        let only = try EngineSetup.stages(stages, in: .standard)
        let access = ConfigRepositoryAccess(settings: settings)
        let repository = try access.open()
        let target = try access.resolve(revision, in: repository)
        var bases: PlanBases
        var applied: [StageID: [AppliedArtifact]] = [:]
        var warnings: [String] = []
        if let from {
            bases = PlanBases(fallback: try access.resolve(from, in: repository))
        } else if let state = try StateStore(stateDirectory: settings.stateDirectory).load() {
            // The watcher's own view, read as the next run reads it (StageWatermarks): each stage from its
            // watermark and compared with the digests it applied; a stage never applied plans from nothing.
            let watermarks = StageWatermarks(state: state, catalogue: .standard, repository: repository)
            bases = PlanBases(fallback: nil, perStage: watermarks.bases)
            applied = watermarks.applied
            warnings = watermarks.notices
            // When every stage shares one watermark, name it as the plan's base (the header and the
            // change list then read "since the applied commit" rather than "since the empty tree").
            let shared = Set(StageCatalogue.standard.ids.map { bases.perStage[$0] })
            if shared.count == 1, let only = shared.first ?? nil { bases.fallback = only }
        } else {
            bases = try PlanBases.firstParent(of: target, in: repository)
        }
        let planner = Planner(catalogue: .standard, settings: settings)
        let plan: Plan
        do {
            plan = try planner.plan(repository: repository, target: target, bases: bases, applied: applied, only: only)
        } catch .invalidConfiguration(let commit, let diagnostics) {
            let failure = PlanFailureDocument(to: commit, diagnostics: diagnostics)
            switch format {
            case .text: return CommandOutput(stdout: Data(failure.text.utf8), status: 1)
            case .json: return CommandOutput(stdout: try failure.jsonData(), status: 1)
            case .markdown: return CommandOutput(stdout: Data(PlanMarkdown().render(failure).utf8), status: 1)
            }
        } catch {
            throw error
        }
        let status: Int32 = plan.hasErrors ? 1 : plan.willRun ? 2 : 0
        let stderr = Data(warnings.map { "warning: \($0)\n" }.joined().utf8)
        switch format {
        case .text: return CommandOutput(stdout: Data(PlanText().render(plan).utf8), status: status, stderr: stderr)
        case .json: return CommandOutput(stdout: try PlanDocument(plan).jsonData(), status: status, stderr: stderr)
        case .markdown: return CommandOutput(stdout: Data(PlanMarkdown().render(plan).utf8), status: status, stderr: stderr)
        }
    }
}
