import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixPlanner
import PhoenixStages

/// The plan as a pull-request comment (`plan --format markdown`; docs/plan-format.md): a summary line
/// first, then the stages that run with their reasons, skipped stages, notices, the changed files and
/// every artifact diff in a collapsible `<details>` block.
///
/// Everything is CommonMark (GitHub, Gitea and GitLab render it alike). Text from the configuration is
/// escaped; diffs pass the standard ``PhoenixDrivers/Redactor`` (PEM blocks, swarm tokens,
/// `PASSWORD=…`), and the contents of artifacts that only their owner may read (mode without group or
/// other bits, e.g. 0600) are not shown at all. The result never exceeds ``limit`` UTF-8 bytes: what
/// does not fit is left out and a note says so and where the full plan is.
public struct PlanMarkdown: Sendable {
    /// Longest comment in UTF-8 bytes. GitHub refuses comments over 65,536 characters; the default
    /// leaves room for the hidden marker `pr-comment` adds and a line of a CI wrapper.
    public var limit = 64_000
    /// Reasons listed per stage before "and N more".
    public var maxReasons = 12
    /// Changed files listed before "and N more".
    public var maxFiles = 200
    /// Context lines of the diffs.
    public var context = 3
    /// Masks secrets in diffs.
    public var redactor = Redactor.standard
    /// Where the note on truncation sends the reader.
    public var fullPlanHint = "see the full plan in the job log (`phoenix-gitops plan`)"

    /// The default layout.
    public init() {}

    /// The markdown of `plan`.
    public func render(_ plan: Plan) -> String {
        let run = plan.stagesToRun
        let skipped = plan.stages.filter { $0.decision != .run }
        var head = "### phoenix-gitops plan: "
        if plan.hasErrors {
            head += "blocked: a stage that would run has errors"
        } else {
            head += "\(run.count) stage\(run.count == 1 ? "" : "s") to run, \(skipped.count) skipped, "
            head += "\(plan.notices.count) notice\(plan.notices.count == 1 ? "" : "s")"
        }
        head += "\n\n"
        head += "Commit \(MarkdownText.code(plan.to.short))"
        head += plan.from.map { " compared with \(MarkdownText.code($0.short))" } ?? " compared with the empty tree"
        head += "; \(plan.changes.files.count) changed file\(plan.changes.files.count == 1 ? "" : "s").\n"

        var blocks: [String] = [head]
        blocks.append(stagesBlock(run, plan: plan))
        if !skipped.isEmpty { blocks.append(skippedBlock(skipped)) }
        if !plan.notices.isEmpty {
            var text = "**Notices** (not applied by any stage):\n\n"
            for notice in plan.notices { text += "- \(MarkdownText.inline(redactor.text(notice.message)))\n" }
            blocks.append(text)
        }
        let warnings = plan.diagnostics.count { $0.severity == .warning }
        if warnings > 0 {
            blocks.append(
                "The configuration has \(warnings) warning(s); "
                    + "\(MarkdownText.code("phoenix-gitops validate --at \(plan.to.short)")) lists them.\n")
        }
        if !plan.changes.files.isEmpty { blocks.append(filesBlock(plan)) }
        let diffs = run.flatMap(\.artifacts).map(diffBlock)
        return assemble(blocks, diffs: diffs)
    }

    /// The markdown of a configuration that does not validate at the planned commit.
    public func render(_ failure: PlanFailureDocument) -> String {
        var blocks = ["### phoenix-gitops plan: invalid configuration at \(MarkdownText.code(String(failure.to.prefix(7))))\n"]
        var list = "\(failure.diagnostics.count) finding\(failure.diagnostics.count == 1 ? "" : "s"); nothing would be applied:\n\n"
        for entry in failure.diagnostics {
            list += "- \(MarkdownText.inline(redactor.text(entry.diagnostic.formatted)))\n"
        }
        blocks.append(list)
        return assemble(blocks, diffs: [])
    }

    // MARK: - Blocks

    private func stagesBlock(_ run: [StagePlan], plan: Plan) -> String {
        guard !run.isEmpty else { return "**No stage will run.**\n" }
        var text = "**Stages that will run** (\(run.count)):\n\n"
        for stage in run {
            text += "- **\(MarkdownText.inline(stage.id.rawValue))**: \(MarkdownText.inline(stage.summary))\n"
            if let base = stage.base, base != plan.from {
                text += "  - planned from its last applied commit \(MarkdownText.code(base.short))\n"
            }
            for reason in stage.reasons.prefix(maxReasons) {
                text += "  - because \(MarkdownText.inline(redactor.text(reason.summary)))\n"
            }
            if stage.reasons.count > maxReasons { text += "  - and \(stage.reasons.count - maxReasons) more reasons\n" }
            for artifact in stage.artifacts {
                text += "  - will \(verb(artifact.change)) \(MarkdownText.code(artifact.key.description))\n"
            }
            for finding in stage.diagnostics where finding.severity != .info {
                text += "  - \(MarkdownText.inline(redactor.text(finding.formatted)))\n"
            }
        }
        return text
    }

    private func skippedBlock(_ skipped: [StagePlan]) -> String {
        var text = "**Skipped stages** (\(skipped.count)):\n\n"
        for stage in skipped {
            let why: String
            switch stage.decision {
            case .skipIdenticalOutput:
                let against = stage.comparison == .applied ? "what was last applied" : "the base's render"
                why = "inputs changed (\(stage.reasons.count)), output identical to \(against)"
            default:
                why = stage.reasons.first.map { "not run: \($0.summary)" } ?? "no input changed"
            }
            text += "- \(MarkdownText.inline(stage.id.rawValue)): \(MarkdownText.inline(redactor.text(why)))\n"
        }
        return text
    }

    private func filesBlock(_ plan: Plan) -> String {
        let files = plan.changes.files
        var text = "<details><summary>Changed files (\(files.count))</summary>\n\n"
        for file in files.prefix(maxFiles) {
            let letter: String
            switch file.status {
            case .added: letter = "A"
            case .modified: letter = "M"
            case .deleted: letter = "D"
            case .renamed: letter = "R"
            case .typeChanged: letter = "T"
            }
            let name = (file.oldPath.map { "\($0) → " } ?? "") + file.path
            text += "- \(letter) \(MarkdownText.code(name))"
            if file.isFormattingOnly { text += " (formatting only)" }
            if !file.pointers.isEmpty { text += ": \(file.pointers.count) pointer\(file.pointers.count == 1 ? "" : "s")" }
            text += "\n"
        }
        if files.count > maxFiles { text += "- and \(files.count - maxFiles) more\n" }
        return text + "\n</details>\n"
    }

    /// One artifact's diff as a `<details>` block; `diff` is the fenced part, kept apart so it can be cut.
    private func diffBlock(_ artifact: ArtifactChange) -> DiffBlock {
        let title = "\(artifact.stage): \(verb(artifact.change)) \(artifact.key.description)"
        let open = "<details><summary>\(MarkdownText.html(title))</summary>\n\n"
        let close = "\n</details>\n"
        if let mode = artifact.mode, mode & 0o077 == 0 {
            return DiffBlock(
                open: open, lines: [], close: "Contents not shown: the file is private (mode \(String(mode, radix: 8))).\n" + close)
        }
        guard let diff = ArtifactDiff.text(artifact, context: context) else {
            let note = "Previous contents unknown: last applied sha256 \(MarkdownText.code(artifact.oldDigest ?? "none")), "
                + "new sha256 \(MarkdownText.code(artifact.newDigest ?? "none")).\n"
            return DiffBlock(open: open, lines: [], close: note + close)
        }
        let redacted = redactor.text(diff)
        return DiffBlock(open: open, lines: redacted.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), close: close)
    }

    private struct DiffBlock {
        var open: String
        var lines: [String]
        var close: String

        func text(keeping count: Int? = nil) -> String {
            guard !lines.isEmpty else { return open + close }
            var kept = Array(lines.prefix(count ?? lines.count))
            if let count, count < lines.count { kept.append("… \(lines.count - count) more lines not shown") }
            var body = kept.joined(separator: "\n")
            if !body.hasSuffix("\n") { body += "\n" }
            return open + MarkdownText.fenced(body, info: "diff") + close
        }
    }

    // MARK: - Size

    /// The blocks in order, then as many diffs as fit; the last that does not fit is cut at a line.
    private func assemble(_ blocks: [String], diffs: [DiffBlock]) -> String {
        let note = { (left: String) in
            "\n> **Truncated**: \(left) not shown to stay under the comment size limit; \(fullPlanHint).\n"
        }
        let reserve = note("999 of 999 artifact diffs and 999 sections").utf8.count + 64
        let budget = limit - reserve
        var out = ""
        var droppedBlocks = 0
        for block in blocks {
            if out.utf8.count + block.utf8.count + 1 <= budget {
                out += (out.isEmpty ? "" : "\n") + block
            } else {
                droppedBlocks += 1
            }
        }
        var shown = 0
        var cut = false
        if !diffs.isEmpty && droppedBlocks == 0 {
            let heading = "\n**Artifact diffs** (\(diffs.count)):\n\n"
            if out.utf8.count + heading.utf8.count < budget {
                out += heading
                for diff in diffs {
                    let full = diff.text()
                    if out.utf8.count + full.utf8.count <= budget {
                        out += full + "\n"
                        shown += 1
                        continue
                    }
                    // Cut this one at a line so that what is shown still fits, then stop.
                    var keep = diff.lines.count
                    while keep > 0, out.utf8.count + diff.text(keeping: keep).utf8.count > budget {
                        keep = keep > 64 ? keep * 3 / 4 : keep - 1
                    }
                    if keep > 0 {
                        out += diff.text(keeping: keep) + "\n"
                        shown += 1
                    }
                    cut = true
                    break
                }
            }
        }
        let hidden = diffs.count - shown
        guard droppedBlocks > 0 || hidden > 0 || cut else { return out }
        var parts: [String] = []
        if hidden > 0 || cut {
            parts.append("\(hidden + (cut && shown > 0 ? 1 : 0)) of \(diffs.count) artifact diff\(diffs.count == 1 ? "" : "s") (in part or whole)")
        }
        if droppedBlocks > 0 { parts.append("\(droppedBlocks) section\(droppedBlocks == 1 ? "" : "s")") }
        return out + note(parts.joined(separator: " and "))
    }

    private func verb(_ change: ArtifactChange.Change) -> String {
        switch change {
        case .added: "add"
        case .modified: "modify"
        case .removed: "remove"
        }
    }
}
