import ArgumentParser
import Foundation
import PhoenixEngine

/// `phoenix-gitops suspend [--reason TEXT] [--author "Name <email>"]`: stop reconciliation until `resume`.
struct SuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Stop reconciliation until `resume`: polls, webhooks, self-heal and certificate renewal apply nothing.",
        discussion: """
            Recorded on the status branch with who and why (a record with trigger `suspend`), shown first \
            by `status`, on the status page and as phoenix_suspended 1 on /metrics. A running watcher \
            picks it up at its next run. While suspended, `apply` and `rollback` refuse and `drift` \
            reports without healing. Suspending again changes nothing. Exit status: 0 suspended \
            (now or already), 1 an error (the lock was busy past --lock-timeout, the status branch).
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
        try await ControlCommand.run(.suspend, global: global, reason: reason, author: author, lockTimeout: lockTimeout)
    }
}
