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
        guard let state = try StateStore(stateDirectory: settings.stateDirectory).load() else {
            let message = "no state in \(settings.stateDirectory.path) yet: no run has happened (try `phoenix-gitops apply`)\n"
            return CommandOutput(stdout: Data(message.utf8), status: 1)
        }
        let tip = Self.trackedTip(settings)
        let endpoint = RemoteEndpoint.from(settings: settings)
        switch format {
        case .json:
            let document = StatusView(
                watcher: state.watcher, repository: endpoint.displayURL, branch: settings.branch,
                statusBranch: settings.statusBranch, trackedTip: tip, lastTarget: state.lastTarget,
                lastTargetResult: state.lastTargetResult, stages: state.stages,
                runInProgress: state.inProgress?.id, pendingReports: state.pendingReports.map(\.id))
            return CommandOutput(stdout: try EngineJSON.data(document), status: 0)
        case .text:
            return CommandOutput(stdout: Data(Self.text(state, settings: settings, endpoint: endpoint, tip: tip).utf8), status: 0)
        }
    }

    /// The tracked branch's tip as last fetched into the mirror (nil when never fetched).
    static func trackedTip(_ settings: WatcherSettings) -> ObjectID? {
        let mirror = settings.stateDirectory.appendingPathComponent("mirror.git", isDirectory: true)
        guard let repository = try? Repository.open(at: mirror) else { return nil }
        return try? repository.reference(named: Repository.trackingReference(for: settings.branch))
    }

    static func text(_ state: EngineState, settings: WatcherSettings, endpoint: RemoteEndpoint, tip: ObjectID?) -> String {
        var lines: [String] = []
        lines.append("watcher \(state.watcher.id) on \(state.watcher.host)")
        lines.append("repository \(endpoint.displayURL), branch \(settings.branch) (tip \(tip?.short ?? "not fetched"))")
        let last = state.lastTarget.map { "\($0.short): \(state.lastTargetResult?.rawValue ?? "?")" } ?? "none"
        lines.append("last run: \(last)")
        lines.append("")
        lines.append("STAGE          APPLIED   LAST RESULT")
        for stage in state.stages {
            var line = stage.stage.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
            line += (stage.appliedCommit?.short ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
            if let result = stage.lastResult {
                line += "\(result.result.rawValue) at \(result.commit.short), \(Timestamp.format(result.at))"
                if let message = result.message, result.result != .succeeded { line += ": \(message)" }
            } else {
                line += "-"
            }
            if stage.needsRetry, let retry = stage.retryAfter { line += " (retry after \(Timestamp.format(retry)))" }
            lines.append(line)
        }
        if let running = state.inProgress { lines.append("\nrun \(running.id) is in progress (or was cut short)") }
        if !state.pendingReports.isEmpty {
            lines.append("\n\(state.pendingReports.count) run report(s) not yet on \(settings.statusBranch); pushed on the next run")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
