import Foundation
import PhoenixEngine
import PhoenixReconciler

/// How `drift` prints a check: a headline, one line per stage, each drifted or unknown object with its
/// diff, and what self-heal did; or the whole outcome as JSON.
enum DriftText {
    static func text(_ outcome: DriftOutcome) -> String {
        guard let report = outcome.report else {
            return "error: \(outcome.failure ?? "the drift check did not run")\n"
        }
        var lines: [String] = []
        // A stage whose only open items are objects the driver cannot observe at all (the local driver
        // runs no guest commands) is shown as in sync for what could be checked, with one line saying
        // what was not observed, not one line per object (docs/adr/0041-operator-rough-edges.md).
        let onlyUnobserved = { (stage: StageDrift) in
            stage.status == .unknown && !stage.items.isEmpty && stage.items.allSatisfy { $0.state == .unobserved }
        }
        let shown = { (stage: StageDrift) in onlyUnobserved(stage) ? StageDriftStatus.inSync : stage.status }
        let counts = [StageDriftStatus.drifted, .inSync, .unknown, .notChecked].map { status in
            "\(report.stages.filter { shown($0) == status }.count) \(status.rawValue)"
        }
        var headline = report.status
        if headline == .unknown, report.errors.isEmpty, !report.stages.contains(where: { shown($0) == .unknown }) {
            headline = .inSync
        }
        let unobserved = report.stages.filter(onlyUnobserved)
        var summary = "drift check \(report.id): \(headline.rawValue) ("
            + counts.joined(separator: ", ") + ")"
        if !unobserved.isEmpty {
            let objects = unobserved.reduce(0) { $0 + $1.items.count }
            summary += "; \(objects) guest object(s) not observable by this driver"
        }
        lines.append(summary)
        for stage in report.stages {
            var line = "  \(stage.stage.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) "
            line += shown(stage).rawValue
            if let commit = stage.commit { line += " at \(commit.short)" }
            if stage.filesChecked > 0 { line += ", \(stage.filesChecked) file(s) compared" }
            if stage.status == .notChecked, let note = stage.notes.first { line += ": \(note)" }
            lines.append(line)
            if stage.status != .notChecked {
                for note in stage.notes { lines.append("      note: \(note)") }
            }
            if onlyUnobserved(stage) {
                lines.append("      \(stage.items.count) guest object(s) not observable by this driver (not checked)")
            }
            for item in stage.items where !onlyUnobserved(stage) {
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
