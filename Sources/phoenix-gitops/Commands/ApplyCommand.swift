import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixReconciler
import PhoenixStages

/// `phoenix-gitops apply [REV] [--no-fetch] [--stage ID]...`: one reconcile now.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run one reconcile now: fetch, plan per stage watermark, apply the affected stages, record the run.",
        discussion: """
            Failed stages are retried now even if their backoff has not passed. When another run holds \
            the lock (the watcher, another apply), apply waits up to --lock-timeout, then fails. \
            --stage ID (repeatable) applies only those stages, even when they are up to date, with the \
            dependencies of theirs that have changes; every other stage that has changes is held for the \
            next run. Progress lines go to stderr (--quiet: none), the result to stdout. While \
            reconciliation is suspended (phoenix-gitops suspend) apply refuses. \
            Exit status: 0 success or nothing to do, 1 a stage failed, the tip is refused or not fully \
            applied, reconciliation is suspended, or an error.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The commit to apply (default: the tip of the tracked branch).")
    var revision: String?

    @Flag(name: .customLong("no-fetch"), help: "Do not fetch; apply what the mirror already has.")
    var noFetch = false

    @Option(name: .customLong("stage"), help: "Apply only this stage, even when up to date (repeatable).")
    var stages: [String] = []

    @Option(name: .customLong("lock-timeout"), help: "How long to wait for another run's lock (e.g. 30s, 5m; 0s fails at once).")
    var lockTimeout = "5m"

    @Flag(name: .shortAndLong, help: "No progress lines on stderr.")
    var quiet = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let settings = try global.resolved()
        let wait = try EngineSetup.seconds(lockTimeout, option: "lock-timeout")
        let logger = EngineSetup.logger(level: .warning)
        var configuration = try EngineSetup.configuration(settings, logger: logger)
        let only = try EngineSetup.stages(stages, in: configuration.catalogue)
        if let progress = ProgressLines.forCommand(quiet: quiet) { configuration.events = progress }
        let reconciler = Reconciler(configuration)
        let result = await reconciler.reconcile(
            triggers: [RunTrigger(.apply, detail: Self.detail(revision: revision, stages: only))],
            options: RunOptions(
                fetch: !noFetch, revision: revision, ignoreBackoff: true, lockTimeout: .milliseconds(Int64(wait * 1000)),
                stages: only))
        try Self.refusingSuspension(try RunResultText.output(result, format: format), result).emit()
    }

    /// `apply`'s trigger detail: the revision and the stages asked for, when given.
    static func detail(revision: String?, stages: Set<StageID>?) -> String? {
        let parts = [revision, stages.map { "--stage " + $0.map(\.rawValue).sorted().joined(separator: ",") }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// An operator's explicit request to change the target is refused while reconciliation is
    /// suspended: exit 1 and the next step on stderr (a poll of a suspended watcher is not an error).
    static func refusingSuspension(_ output: CommandOutput, _ result: RunResult) -> CommandOutput {
        guard case .suspended(let suspension) = result.outcome else { return output }
        var refused = output
        refused.status = 1
        refused.stderr = Data(
            "error: nothing applied: reconciliation is \(suspension.summary); run `phoenix-gitops resume` first\n".utf8)
        return refused
    }
}
