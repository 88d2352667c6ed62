import ArgumentParser
import Foundation
import Logging
import PhoenixEngine
import PhoenixGit

/// `phoenix-gitops history [--limit N]`: the run ledger, read from the status branch.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the last runs, newest first, from the status branch.",
        discussion: "Fetches the status branch first (unless --no-fetch); when that fails the mirror's copy is shown."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "How many runs to show.")
    var limit = 20

    @Flag(name: .customLong("no-fetch"), help: "Read the status branch as last fetched.")
    var noFetch = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        try execute().emit()
    }

    func execute() throws -> CommandOutput {
        guard limit > 0 else { throw ValidationErrorText("--limit must be at least 1") }
        let settings = try global.resolved()
        let logger = EngineSetup.logger(level: .warning)
        let ledger = StatusLedger(
            repository: try ConfigMirror(stateDirectory: settings.stateDirectory).open(),
            endpoint: RemoteEndpoint.from(settings: settings), branch: settings.statusBranch,
            author: Signature(name: settings.commitAuthorName, email: settings.commitAuthorEmail))
        var runs: [RunReport]
        do {
            runs = try ledger.history(limit: limit, fetch: !noFetch)
        } catch where !noFetch {
            logger.warning("cannot fetch \(settings.statusBranch) (\(error)); showing the last fetched copy")
            runs = try ledger.history(limit: limit, fetch: false)
        }
        switch format {
        case .json:
            return CommandOutput(stdout: try EngineJSON.data(runs), status: 0)
        case .text:
            if runs.isEmpty { return CommandOutput(stdout: Data("no runs recorded on \(settings.statusBranch)\n".utf8), status: 0) }
            let lines = [Self.header] + runs.map(Self.line)
            return CommandOutput(stdout: Data((lines.joined(separator: "\n") + "\n").utf8), status: 0)
        }
    }

    /// The column names, aligned with ``line(_:)``.
    static let header = [
        "started".padding(toLength: 24, withPad: " ", startingAt: 0), "run".padding(toLength: 12, withPad: " ", startingAt: 0),
        "commit ", "result     ", "trigger", "watcher", "subject (author); stages that ran",
    ].joined(separator: "  ")

    /// `2026-11-26T16:11:19.123Z  1a2b3c4d5e6f  abc1234  succeeded    poll  host-1234abcd  "label a worker"
    /// (Ada)  ran: dns, firewall`. The subject is the commit's, shown in quotes, control characters removed.
    static func line(_ run: RunReport) -> String {
        let ran = run.stages.filter { $0.decision == .run }
        var text = [
            Timestamp.format(run.startedAt), run.id.rawValue, run.source.commit?.short ?? "-------",
            run.result.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0), run.trigger.kind.rawValue,
            run.watcher.id,
        ].joined(separator: "  ")
        if let summary = run.source.summary {
            let clean = String(summary.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(72).map(Character.init))
            text += "  \"\(clean)\""
            if let author = run.source.author { text += " (\(author.filter { !$0.isNewline }))" }
        }
        if !ran.isEmpty {
            text += "  ran: " + ran.map { $0.result == .succeeded ? $0.stage.rawValue : "\($0.stage) (\($0.result.rawValue))" }
                .joined(separator: ", ")
        }
        return text
    }
}
