import ArgumentParser
import Foundation
import PhoenixEngine

/// `phoenix-gitops apply [REV] [--no-fetch]`: one reconcile now.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run one reconcile now: fetch, plan per stage watermark, apply the affected stages, record the run.",
        discussion: """
            Failed stages are retried now even if their backoff has not passed. When another run holds \
            the lock (the watcher, another apply), apply waits up to --lock-timeout, then fails. \
            Exit status: 0 success or nothing to do, 1 a stage failed or an error.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The commit to apply (default: the tip of the tracked branch).")
    var revision: String?

    @Flag(name: .customLong("no-fetch"), help: "Do not fetch; apply what the mirror already has.")
    var noFetch = false

    @Option(name: .customLong("lock-timeout"), help: "How long to wait for another run's lock (e.g. 30s, 5m; 0s fails at once).")
    var lockTimeout = "5m"

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let settings = try global.resolved()
        let wait = try EngineSetup.seconds(lockTimeout, option: "lock-timeout")
        let logger = EngineSetup.logger(level: .warning)
        let reconciler = Reconciler(try EngineSetup.configuration(settings, logger: logger))
        let result = await reconciler.reconcile(
            triggers: [RunTrigger(.apply, detail: revision)],
            options: RunOptions(
                fetch: !noFetch, revision: revision, ignoreBackoff: true, lockTimeout: .milliseconds(Int64(wait * 1000))))
        try CommandOutput(stdout: try Self.output(result, format: format), status: result.exitCode).emit()
    }

    static func output(_ result: RunResult, format: OutputFormat) throws -> Data {
        switch format {
        case .text: Data(RunResultText.text(result).utf8)
        case .json: try RunResultText.json(result)
        }
    }
}
