import Foundation
import PhoenixEngine

/// How `drift` prints a check: a headline, one line per stage, each drifted or unknown object with its
/// diff, and what self-heal did; or the whole outcome as JSON.
enum DriftText {
    static func text(_ outcome: DriftOutcome) -> String {
        guard let report = outcome.report else {
            return "error: \(outcome.failure ?? "the drift check did not run")\n"
        }
        var lines: [String] = []
        let counts = [StageDriftStatus.drifted, .inSync, .unknown, .notChecked].map { status in
            "\(report.stages(status).count) \(status.rawValue)"
        }
        lines.append("drift check \(report.id): \(report.status.rawValue) (" + counts.joined(separator: ", ") + ")")
        for stage in report.stages {
            var line = "  \(stage.stage.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) "
            line += stage.status.rawValue
            if let commit = stage.commit { line += " at \(commit.short)" }
            if stage.filesChecked > 0 { line += ", \(stage.filesChecked) file(s) compared" }
            if stage.status == .notChecked, let note = stage.notes.first { line += ": \(note)" }
            lines.append(line)
            if stage.status != .notChecked {
                for note in stage.notes { lines.append("      note: \(note)") }
            }
            for item in stage.items {
                lines.append("      \(item.state.rawValue) \(item.key): \(item.message)")
                if let diff = item.diff {
                    for diffLine in diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                        lines.append("        " + diffLine)
                    }
                }
            }
            if let heal = stage.heal {
                let result = heal.result.map { " (\($0.rawValue))" } ?? ""
                lines.append("      self-heal \(heal.action.rawValue)\(result): \(heal.message)")
            }
        }
        for error in report.errors { lines.append("  error: \(error)") }
        for heal in outcome.heals {
            lines.append("self-heal run \(heal.id): \(heal.outcome)")
        }
        for warning in outcome.warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"exit_code", "error", "drift", "heals": [run reports], "warnings"}`.
    static func json(_ outcome: DriftOutcome, exitCode: Int32) throws -> Data {
        struct Document: Encodable {
            var exitCode: Int32
            var error: String?
            var drift: DriftReport?
            var heals: [RunReport]
            var warnings: [String]
            enum CodingKeys: String, CodingKey {
                case error, drift, heals, warnings
                case exitCode = "exit_code"
            }
        }
        let document = Document(
            exitCode: exitCode, error: outcome.failure, drift: outcome.report, heals: outcome.heals.compactMap(\.report),
            warnings: outcome.warnings)
        return try EngineJSON.data(document)
    }
}
