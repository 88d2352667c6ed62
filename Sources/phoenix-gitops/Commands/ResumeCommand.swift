import ArgumentParser
import Foundation
import PhoenixEngine

/// `phoenix-gitops resume [--reason TEXT] [--author "Name <email>"]`: reconcile again after `suspend`.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume reconciliation after `suspend`; the next poll, webhook or apply reconciles as usual.",
        discussion: """
            Recorded on the status branch with who and why (trigger `resume`). Resuming a watcher that is \
            not suspended changes nothing. Exit status: 0 resumed (or not suspended), 1 an error.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Why (goes on the status branch; no secrets).")
    var reason = ""

    @Option(help: "Who, \"Name <email>\" (default: git config user.name and user.email, else the login name).")
    var author: String?

    @Option(name: .customLong("lock-timeout"), help: "How long to wait for a run in progress to finish (e.g. 30s, 5m).")
    var lockTimeout = "5m"

    func run() async throws {
        try await ControlCommand.run(.resume, global: global, reason: reason, author: author, lockTimeout: lockTimeout)
    }
}
