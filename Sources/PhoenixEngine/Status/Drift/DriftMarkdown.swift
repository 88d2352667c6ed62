/// The drift section of `STATUS.md` (a drift check's record): per drifted or unknown stage, its
/// objects, what self-heal did, and each file's diff in a fenced block.
enum DriftMarkdown {
    static func section(_ report: DriftReport) -> [String] {
        var lines = ["", "## Drift", ""]
        let counts = [StageDriftStatus.inSync, .drifted, .unknown, .notChecked].map { status in
            "\(report.stages(status).count) \(status.rawValue)"
        }
        lines.append("Checked \(Timestamp.format(report.checkedAt)): " + counts.joined(separator: ", ") + ".")
        for stage in report.stages where stage.status == .drifted || stage.status == .unknown {
            lines.append("")
            let commit = stage.commit.map { " (applied at `\($0.short)`)" } ?? ""
            lines.append("### \(stage.stage): \(stage.status.rawValue)\(commit)")
            lines.append("")
            for item in stage.items {
                lines.append("- \(item.state.rawValue): \(StatusMarkdown.escape(item.key)) — \(StatusMarkdown.escape(item.message))")
            }
            if let heal = stage.heal {
                lines.append("- self-heal \(heal.action.rawValue): \(StatusMarkdown.escape(heal.message))")
            }
            for item in stage.items {
                guard let diff = item.diff else { continue }
                let fence = fence(for: diff)
                lines.append("")
                lines.append(fence + "diff")
                lines.append(diff.hasSuffix("\n") ? String(diff.dropLast()) : diff)
                lines.append(fence)
            }
        }
        for error in report.errors { lines.append("- error: \(StatusMarkdown.escape(error))") }
        return lines
    }

    /// A backtick fence longer than any run of backticks in `text`, so the block cannot be closed early.
    static func fence(for text: String) -> String {
        var longest = 0
        var current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
