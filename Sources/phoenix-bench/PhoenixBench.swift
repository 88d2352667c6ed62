import ArgumentParser

/// `phoenix-bench`: the benchmarks of docs/benchmarks.md. See ``RunCommand`` for the options; the
/// hidden `plan-child` is benchmark 3's child process when phoenix-gitops was not built.
@main
struct PhoenixBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phoenix-bench",
        abstract: "Benchmarks of phoenix-gitops against the tools and scripts it replaces (docs/benchmarks.md).",
        subcommands: [RunCommand.self, PlanChildCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
