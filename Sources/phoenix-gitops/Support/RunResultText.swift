import Foundation
import PhoenixEngine

/// How `apply`, `watch --once` and `rollback` print a run: a headline, one line per stage that did
/// something or failed, findings and errors; or the report as JSON.
enum RunResultText {
    static func text(_ result: RunResult) -> String {
        var lines: [String] = []
        switch result.outcome {
        case .idle(let commit):
            lines.append("nothing to do: \(commit?.short ?? "the branch") is already applied (run \(result.id))")
        case .fetchFailed(let message), .lockBusy(let message), .failedToStart(let message):
            lines.append("error: \(message)")
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
                line += "\(stage.decision.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(stage.result.rawValue)\(duration)"
                if let error = stage.error { line += ": \(error)" }
                lines.append(line)
            }
            for notice in report.notices { lines.append("  notice: \(notice)") }
            for error in report.errors { lines.append("  error: \(error)") }
        }
        if let published = result.published, let tip = published.tip {
            lines.append("status: \(published.recorded.count) run(s) recorded at \(tip.short)")
        }
        for warning in result.warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n") + "\n"
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
