import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixGit

/// `phoenix-gitops status [--format json]`: per stage the watermark and last result, from state.json.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show, per stage, the last applied commit and the last result (from <state-dir>/state.json).",
        discussion: "Reads local state only (no fetch, no lock). Exit status 0, or 1 when there is no state yet."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        try execute().emit()
    }

    func execute() throws -> CommandOutput {
        let settings = try global.resolved()
        guard let status = try WatcherStatus.load(settings: settings) else {
            let message = "no state in \(settings.stateDirectory.path) yet: no run has happened (try `phoenix-gitops apply`)\n"
            return CommandOutput(stdout: Data(message.utf8), status: 1)
        }
        switch format {
        case .json: return CommandOutput(stdout: try status.jsonData(), status: 0)
        case .text: return CommandOutput(stdout: Data(Self.text(status).utf8), status: 0)
        }
    }

    static func text(_ status: WatcherStatus) -> String {
        var lines: [String] = []
        // What needs a person comes first: a suspension, a refused tip, stages waiting for a retry.
        if let suspension = status.suspension {
            lines.append("SUSPENDED: reconciliation is \(suspension.summary); nothing is applied until `phoenix-gitops resume`")
        }
        if let refused = Self.refusal(status) { lines.append(refused) }
        lines.append("watcher \(status.watcher.id) on \(status.watcher.host)")
        lines.append("repository \(status.repository), branch \(status.branch) (tip \(status.trackedTip?.short ?? "not fetched"))")
        let last = status.lastTarget.map { "\($0.short): \(status.lastTargetResult?.rawValue ?? "?")" } ?? "none"
        lines.append("last run: \(last)")
        lines.append("")
        lines.append("STAGE          APPLIED   LAST RESULT")
        for stage in status.stages {
            var line = stage.stage.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
            line += (stage.appliedCommit?.short ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
            if let result = stage.lastResult {
                let kind = result.failureKind.map { " (\($0.rawValue))" } ?? ""
                line += "\(result.result.rawValue)\(kind) at \(result.commit.short), \(Timestamp.format(result.at))"
                if let message = result.message, result.result != .succeeded { line += ": \(message)" }
            } else {
                line += "-"
            }
            if stage.waitsForNewCommit {
                line += " (waits for a new commit)"
            } else if stage.needsRetry, let retry = stage.retryAfter {
                line += " (retry after \(Timestamp.format(retry)))"
            }
            lines.append(line)
            for node in stage.lastResult?.nodes ?? [] { lines.append("               host of node \(node)") }
        }
        if let drift = status.drift {
            let drifted = drift.stages(.drifted).map(\.stage.rawValue)
            let unknown = drift.stages(.unknown).map(\.stage.rawValue)
            var line = "\nlast drift check \(Timestamp.format(drift.checkedAt)): \(drift.status.rawValue)"
            if !drifted.isEmpty { line += "; drifted: \(drifted.joined(separator: ", "))" }
            if !unknown.isEmpty { line += "; unknown: \(unknown.joined(separator: ", "))" }
            lines.append(line + " (details: phoenix-gitops drift)")
        }
        for suspension in status.selfHealSuspended {
            lines.append("self-heal stopped for \(suspension.stage) since \(Timestamp.format(suspension.since)): \(suspension.object) keeps drifting")
        }
        if let running = status.runInProgress { lines.append("\nrun \(running) is in progress (or was cut short)") }
        if !status.pendingReports.isEmpty {
            lines.append("\n\(status.pendingReports.count) run report(s) not yet on \(status.statusBranch); pushed on the next run")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `REFUSED TIP: …` while the last finished run's commit was refused, `NOT APPLIED: …` while stages
    /// at it wait for a retry; nil otherwise.
    static func refusal(_ status: WatcherStatus) -> String? {
        guard let target = status.lastTarget, let result = status.lastTargetResult else { return nil }
        let run = status.lastTargetRun.map { " (run \($0))" } ?? ""
        let problem = status.lastTargetProblem.map { ": \($0)" } ?? ""
        switch result {
        case .invalid: return "REFUSED TIP: \(target.short) is invalid\(run)\(problem); push a fix"
        case .rejected: return "REFUSED TIP: \(target.short) is refused by the signature policy\(run)\(problem)"
        default: break
        }
        let unapplied = status.stages.filter { $0.appliedCommit != target && $0.needsRetry }
        guard !unapplied.isEmpty else { return nil }
        let broken = unapplied.filter(\.waitsForNewCommit).map(\.stage.rawValue)
        let waiting = unapplied.filter { !$0.waitsForNewCommit }.map(\.stage.rawValue)
        var parts: [String] = []
        if !broken.isEmpty { parts.append("\(broken.joined(separator: ", ")) failed\(run) and wait for a new commit") }
        if !waiting.isEmpty { parts.append("\(waiting.joined(separator: ", ")) failed\(run) and wait for a retry\(problem)") }
        return "NOT APPLIED: \(target.short): " + parts.joined(separator: "; ")
    }
}
