import Foundation
import PhoenixEngine
import PhoenixReconciler

/// How `apply`, `watch --once` and `rollback` print a run: a headline, one line per stage that did
/// something or failed, findings and errors; or the report as JSON.
enum RunResultText {
    static func text(_ result: RunResult) -> String {
        var lines: [String] = []
        switch result.outcome {
        case .idle(let commit):
            lines.append("nothing to do: \(commit?.short ?? "the branch") is already applied (run \(result.id))")
        case .fetchFailed, .lockBusy, .failedToStart, .waiting:
            break  // said on stderr (problem(_:))
        case .suspended(let suspension):
            lines.append("reconciliation is \(suspension.summary); nothing done (phoenix-gitops resume)")
        case .finished(let kind):
            guard let report = result.report else {
                lines.append("run \(result.id): \(kind.rawValue)")
                break
            }
            let commit = report.source.commit.map { "\($0.short) (\(report.source.summary ?? ""))" } ?? "-"
            lines.append("run \(report.id): \(kind.rawValue) at \(commit)")
            if let signature = report.signature { lines.append("  signature: \(signature.reason)") }
            for finding in report.findings where finding.severity == "error" { lines.append("  \(finding.formatted)") }
            for stage in report.stages {
                let duration = stage.durationSeconds > 0 ? " in \(DurationText.format(seconds: stage.durationSeconds))" : ""
                var line = "  \(stage.stage.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) "
                let kind = stage.failureKind.map { " (\($0.rawValue))" } ?? ""
                line += "\(stage.decision.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(stage.result.rawValue)\(kind)\(duration)"
                if let error = stage.error, stage.nodes == nil { line += ": \(error)" }
                lines.append(line)
                for node in stage.nodes ?? [] { lines.append("      host of node \(node.summary)") }
            }
            if let guests = report.guestNodes, !guests.isEmpty {
                lines.append("  guests on nodes: " + guests.sorted { $0.key < $1.key }.map { "\($0.key) on \($0.value)" }.joined(separator: ", "))
            }
            for notice in report.notices { lines.append("  notice: \(notice)") }
            for error in report.errors { lines.append("  error: \(error)") }
        }
        if let published = result.published, let tip = published.tip {
            lines.append("status: \(published.recorded.count) run(s) recorded at \(tip.short)")
        }
        for warning in result.warnings { lines.append("warning: \(warning)") }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// The line for stderr when the run did not succeed: what went wrong first and what to do next;
    /// nil for success, nothing to do and a suspension.
    static func problem(_ result: RunResult) -> String? {
        switch result.outcome {
        case .idle, .suspended:
            return nil
        case .fetchFailed(let message):
            return "error: fetch failed: \(message)"
        case .lockBusy(let message):
            return "error: \(message)"
        case .failedToStart(let message):
            return "error: could not run: \(message)"
        case .waiting(_, let message):
            return "error: \(message)"
        case .finished(let kind):
            guard result.exitCode != 0 else { return nil }
            let report = result.report
            let commit = report?.source.commit?.short ?? "the commit"
            let first = report?.firstProblem.map { ": \($0)" } ?? ""
            switch kind {
            case .invalid: return "error: \(commit) is invalid (run \(result.id))\(first); push a fix"
            case .rejected: return "error: \(commit) is refused by the signature policy (run \(result.id))\(first)"
            case .failed:
                return "error: run \(result.id) \(kind.rawValue) at \(commit)\(first); failed stages are retried by the next run or `phoenix-gitops apply`"
            default: return "error: run \(result.id) \(kind.rawValue) at \(commit)\(first)"
            }
        }
    }

    /// What a command that ran a reconcile prints and exits with.
    static func output(_ result: RunResult, format: OutputFormat) throws -> CommandOutput {
        let stdout: Data
        switch format {
        case .text: stdout = Data(text(result).utf8)
        case .json: stdout = try json(result)
        }
        let stderr = problem(result).map { Data(($0 + "\n").utf8) } ?? Data()
        return CommandOutput(stdout: stdout, status: result.exitCode, stderr: stderr)
    }

    /// `{"run_id", "outcome", "exit_code", "report", "warnings"}`.
    static func json(_ result: RunResult) throws -> Data {
        struct Document: Encodable {
            var runID: String
            var outcome: String
            var exitCode: Int32
            var report: RunReport?
            var warnings: [String]
            enum CodingKeys: String, CodingKey {
                case outcome, report, warnings
                case runID = "run_id", exitCode = "exit_code"
            }
        }
        let document = Document(
            runID: result.id.rawValue, outcome: result.outcome.description, exitCode: result.exitCode,
            report: result.report, warnings: result.warnings)
        return try EngineJSON.data(document)
    }
}
