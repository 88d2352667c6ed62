import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// `phoenix-bench plan-child --repo DIR`: plans the tip of `main` from its first parent and prints the
/// plan text, like `phoenix-gitops plan --repo DIR`; exit status 2 when stages would run. Only used as
/// benchmark 3's child when phoenix-gitops was not built.
struct PlanChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan-child", abstract: "Plan the tip of main (benchmark 3's child process).", shouldDisplay: false)

    @Option(help: "The repository.")
    var repo: String

    func run() throws {
        let repository = try Repository.open(at: URL(fileURLWithPath: repo))
        let target = try repository.resolve("refs/heads/main")
        let plan = try Planner(catalogue: .standard, settings: StageSettings())
            .plan(repository: repository, target: target, bases: try PlanBases.firstParent(of: target, in: repository))
        print(PlanText().render(plan), terminator: "")
        if plan.willRun { throw ExitCode(2) }
    }
}
