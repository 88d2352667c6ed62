import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler

/// `phoenix-gitops rollback REV | --to REV [--no-push]`.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Revert a commit (or restore an old configuration) with a new commit on the tracked branch, push it and apply it.",
        discussion: """
            `rollback REV` makes the revert commit of REV (conflicts are an error: nothing is pushed); \
            `rollback --to REV` makes a commit whose tree is REV's. The commit is pushed (never forced) \
            and applied by a normal run, so only the stages it touches run. --no-push only creates the \
            commit in the mirror (refs/heads/<branch> of <state-dir>/mirror.git) and prints how to apply \
            or push it. Exit status: 0 success, 1 an error or a failed stage.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The commit to revert.")
    var revision: String?

    @Option(name: .customLong("to"), help: "Restore the configuration of this commit instead.")
    var restore: String?

    @Flag(name: .customLong("no-push"), help: "Create the commit locally only; do not push or apply.")
    var noPush = false

    @Option(name: .customLong("lock-timeout"), help: "How long to wait for another run's lock.")
    var lockTimeout = "5m"

    @Option(help: "Author of the rollback commit, \"Name <email>\" (default: git config user.name and user.email).")
    var author: String?

    @Flag(name: .shortAndLong, help: "No progress lines on stderr.")
    var quiet = false

    @Option(help: "Output format of the run that applies the rollback: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard (revision == nil) != (restore == nil) else {
            throw ValidationError("give either REV (revert it) or --to REV (restore it), not both or neither")
        }
    }

    /// `--author`, else the git identity of whoever runs the command, else nil (the watcher's).
    func rollbackAuthor() throws -> (name: String, email: String)? {
        try PersonAuthor.resolve(author)
    }

    func run() async throws {
        let settings = try global.resolved()
        let wait = try EngineSetup.seconds(lockTimeout, option: "lock-timeout")
        let logger = EngineSetup.logger(level: .warning)
        var configuration = try EngineSetup.configuration(settings, logger: logger)
        if let suspension = try Reconciler(configuration).savedState()?.suspension {
            // A rollback pushes a commit and applies it: refused like apply, before anything is pushed.
            throw ValidationErrorText(
                "nothing rolled back: reconciliation is \(suspension.summary); run `phoenix-gitops resume` first")
        }
        if let progress = ProgressLines.forCommand(quiet: quiet) { configuration.events = progress }
        let request: RollbackRequest = restore.map(RollbackRequest.restore) ?? .revert(revision ?? "")
        // The rollback commit is a person's decision: authored by them, not by the watcher (whose
        // identity stays on the status commits of the run that applies it).
        let person = try rollbackAuthor().map { Signature(name: $0.name, email: $0.email, date: configuration.now()) }
        let timeout = Duration.milliseconds(Int64(wait * 1000))
        guard !noPush else {
            let made = try await Rollback.perform(
                request, push: false, configuration: configuration, lockTimeout: timeout, author: person)
            FileHandle.standardOutput.write(Data((Self.madeLine(made, branch: settings.branch) + """
                not pushed. To apply it here without pushing: phoenix-gitops apply \(made.commit.hex) --no-fetch
                (the next fetch returns to the remote's branch); to push it:
                  git -C \(settings.stateDirectory.appendingPathComponent("mirror.git").path) push \(configuration.endpoint.displayURL) \(made.commit.hex):refs/heads/\(settings.branch)

                """).utf8))
            return
        }
        // One run under one lock: the commit is made, pushed and applied before any other run (ADR 0053).
        let rolled = try await Reconciler(configuration).rollback(
            request, author: person, options: RunOptions(lockTimeout: timeout))
        if let made = rolled.made { FileHandle.standardOutput.write(Data(Self.madeLine(made, branch: settings.branch).utf8)) }
        try RunResultText.output(rolled.run, format: format).emit()
    }

    /// `pushed 1a2b3c4 "Revert …" on main (parent …; changes …)`.
    static func madeLine(_ made: RollbackCommit, branch: String) -> String {
        "\(made.pushed ? "pushed" : "created") \(made.commit.short) \"\(made.summary)\" on \(branch) "
            + "(parent \(made.parent.short); changes \(made.changedPaths.joined(separator: ", ")))\n"
    }
}
