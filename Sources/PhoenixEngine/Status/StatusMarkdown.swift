import Foundation

/// `STATUS.md` on the status branch: the same facts as status.json, for people browsing the repository.
enum StatusMarkdown {
    static func render(_ document: StatusDocument) -> String {
        let run = document.run
        var lines: [String] = []
        let commit = run.source.commit.map { "`\($0.short)`" } ?? "no commit"
        let summary = run.source.summary.map { " (\(escape($0)))" } ?? ""
        lines.append("# phoenix-gitops status")
        lines.append("")
        lines.append(
            "Last run **\(run.result.rawValue)** for \(commit)\(summary) on `\(escape(run.source.branch))`, "
                + "\(Timestamp.format(run.finishedAt ?? run.startedAt)), triggered by \(escape(run.trigger.description)); "
                + "run `\(run.id)` by watcher `\(escape(run.watcher.id))` on \(escape(run.watcher.host)).")
        if let signature = run.signature {
            lines.append("")
            lines.append("Signature (\(signature.policy.rawValue)): \(signature.accepted ? "accepted" : "**refused**") — \(escape(signature.reason))")
        }
        if !run.stages.isEmpty {
            lines.append("")
            lines.append("| stage | decision | result | duration | why |")
            lines.append("|---|---|---|---|---|")
            for stage in run.stages {
                let why = ([stage.error.map { "error: \($0)" }].compactMap { $0 } + stage.reasons).first ?? ""
                lines.append(
                    "| \(stage.stage) | \(stage.decision.rawValue) | \(stage.result.rawValue) | "
                        + "\(DurationText.format(seconds: stage.durationSeconds)) | \(escape(why)) |")
            }
        }
        let errors = run.findings.filter { $0.severity == "error" }
        if !errors.isEmpty || !run.errors.isEmpty {
            lines.append("")
            lines.append("## Errors")
            lines.append("")
            for finding in errors { lines.append("- \(escape(finding.formatted))") }
            for error in run.errors { lines.append("- \(escape(error))") }
        }
        if let drift = run.drift { lines += DriftMarkdown.section(drift) }
        if !run.notices.isEmpty {
            lines.append("")
            lines.append("## Notices")
            lines.append("")
            for notice in run.notices { lines.append("- \(escape(notice))") }
        }
        lines.append("")
        lines.append("## Watchers")
        lines.append("")
        lines.append("| watcher | host | last commit | last result | updated | stages at last commit |")
        lines.append("|---|---|---|---|---|---|")
        for entry in document.watchers {
            let atTarget = entry.stages.filter { $0.appliedCommit != nil && $0.appliedCommit == entry.lastCommit }.count
            lines.append(
                "| \(escape(entry.watcher.id)) | \(escape(entry.watcher.host)) | "
                    + "\(entry.lastCommit.map { "`\($0.short)`" } ?? "-") | \(entry.lastResult?.rawValue ?? "-") | "
                    + "\(Timestamp.format(entry.updatedAt)) | \(atTarget)/\(entry.stages.count) |")
        }
        lines.append("")
        lines.append("Machine-readable: `status.json` (latest run and watermarks), `runs/` (one file per run).")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Keeps table cells intact and text inert (no HTML, no table breaks).
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: " ")
    }
}
