import ArgumentParser
import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixStages

/// `phoenix-gitops plan [REV] [--from REV] [--format text|json] [--stage ID]`: which stages a commit
/// would run and why, offline (git objects only, no host access, no fetch).
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show which stages a commit would run and why, with the diff of every rendered artifact (offline).",
        discussion: """
            Exit status: 0 when no stage would run, 2 when stages would run, 1 on an error (an invalid \
            configuration at REV lists every finding). The JSON format is documented in docs/plan-format.md.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The commit to plan (default: the tip of the tracked branch).")
    var revision: String?

    @Option(help: "Plan from this commit (default: the first parent of REV).")
    var from: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("stage"), help: "Plan only this stage (repeatable).")
    var stages: [String] = []

    func run() throws {
        try execute().emit()
    }

    /// Plans and renders the output; errors about the repository or arguments are thrown.
    func execute() throws -> CommandOutput {
        let settings = try global.resolved()
        let access = ConfigRepositoryAccess(settings: settings)
        let repository = try access.open()
        let target = try access.resolve(revision, in: repository)
        let bases: PlanBases
        if let from {
            bases = PlanBases(fallback: try access.resolve(from, in: repository))
        } else {
            bases = try PlanBases.firstParent(of: target, in: repository)
        }
        let planner = Planner(catalogue: .standard, settings: settings)
        let only = stages.isEmpty ? nil : Set(stages.map(StageID.init(rawValue:)))
        let plan: Plan
        do {
            plan = try planner.plan(repository: repository, target: target, bases: bases, only: only)
        } catch .invalidConfiguration(let commit, let diagnostics) {
            let failure = PlanFailureDocument(to: commit, diagnostics: diagnostics)
            switch format {
            case .text: return CommandOutput(stdout: Data(failure.text.utf8), status: 1)
            case .json: return CommandOutput(stdout: try failure.jsonData(), status: 1)
            }
        } catch {
            throw error
        }
        let status: Int32 = plan.hasErrors ? 1 : plan.willRun ? 2 : 0
        switch format {
        case .text: return CommandOutput(stdout: Data(PlanText().render(plan).utf8), status: status)
        case .json: return CommandOutput(stdout: try PlanDocument(plan).jsonData(), status: status)
        }
    }
}
