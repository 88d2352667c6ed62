import PhoenixCore
import PhoenixPlanner
import PhoenixStages

/// The human form of a `Plan` (`plan --format text`): changed files with their pointers, the stages
/// that run with their reasons, skipped stages with why, notices, findings, then the unified diff of
/// every artifact that changes.
public struct PlanText: Sendable {
    /// Reasons listed per stage before "and N more".
    public var maxReasons = 12
    /// Pointers listed per file before "and N more".
    public var maxPointers = 20
    /// Context lines of the diffs.
    public var context = 3

    /// The default layout.
    public init() {}

    /// The text of `plan`.
    public func render(_ plan: Plan) -> String {
        var out = "Plan for \(plan.to.short)"
        out += plan.from.map { " (from \($0.short))" } ?? " (from the empty tree)"
        out += "\n"
        files(plan, into: &out)
        stages(plan, into: &out)
        if !plan.notices.isEmpty {
            out += "\nNotices (\(plan.notices.count)), not applied by any stage:\n"
            for notice in plan.notices { out += "  ! \(notice.message)\n" }
        }
        let warnings = plan.diagnostics.count { $0.severity == .warning }
        if warnings > 0 {
            out += "\nThe configuration has \(warnings) warning(s); `phoenix-gitops validate --at \(plan.to.short)` lists them.\n"
        }
        diffs(plan, into: &out)
        let run = plan.stagesToRun.count
        let skipped = plan.stages.count - run
        out += "\nPlan: \(run) stage\(run == 1 ? "" : "s") to run, \(skipped) skipped, "
        out += "\(plan.notices.count) notice\(plan.notices.count == 1 ? "" : "s").\n"
        return out
    }

    private func files(_ plan: Plan, into out: inout String) {
        let files = plan.changes.files
        guard !files.isEmpty else {
            out += "\nNo changes under the config and stacks folders.\n"
            return
        }
        out += "\nChanged files (\(files.count)):\n"
        for file in files {
            let letter: String
            switch file.status {
            case .added: letter = "A"
            case .modified: letter = "M"
            case .deleted: letter = "D"
            case .renamed: letter = "R"
            case .typeChanged: letter = "T"
            }
            out += "  \(letter) " + (file.oldPath.map { "\($0) → " } ?? "") + file.path
            if file.isFormattingOnly { out += "  (formatting only)" }
            out += "\n"
            for change in file.pointers.prefix(maxPointers) {
                let symbol = change.kind == .added ? "+" : change.kind == .removed ? "-" : "~"
                let path = change.pointer.isRoot ? "(whole file)" : change.identityPath
                out += "      \(symbol) \(path)\n"
            }
            if file.pointers.count > maxPointers { out += "      … and \(file.pointers.count - maxPointers) more\n" }
        }
    }

    private func stages(_ plan: Plan, into out: inout String) {
        let running = plan.stagesToRun
        out += running.isEmpty ? "\nNo stage will run.\n" : "\nStages that will run (\(running.count)):\n"
        for stage in running {
            out += "  \(stage.id) — \(stage.summary)\n"
            if let base = stage.base, base != plan.from { out += "      planned from its last applied commit \(base.short)\n" }
            if let nodes = stage.nodes { out += "      on \(nodes)\n" }
            for reason in stage.reasons.prefix(maxReasons) { out += "      because \(reason.summary)\n" }
            if stage.reasons.count > maxReasons { out += "      … and \(stage.reasons.count - maxReasons) more reasons\n" }
            for artifact in stage.artifacts { out += "      will \(verb(artifact.change)) \(artifact.key)\n" }
            for finding in stage.diagnostics where finding.severity != .info { out += "      \(finding.formatted)\n" }
        }
        let skipped = plan.stages.filter { $0.decision != .run }
        guard !skipped.isEmpty else { return }
        out += "\nSkipped stages (\(skipped.count)):\n"
        for stage in skipped {
            switch stage.decision {
            case .notApplicable:
                out += "  \(stage.id): not applicable: \(stage.notApplicableReason ?? "its guest or role does not exist yet")\n"
            case .skipIdenticalOutput:
                let against = stage.comparison == .applied ? "what was last applied" : "the base's render"
                out += "  \(stage.id): inputs changed (\(stage.reasons.count)), output identical to \(against)\n"
            default:
                out += "  \(stage.id): no input changed\n"
            }
        }
    }

    private func diffs(_ plan: Plan, into out: inout String) {
        let changes = plan.stagesToRun.flatMap(\.artifacts)
        guard !changes.isEmpty else { return }
        out += "\nArtifact changes:\n"
        for artifact in changes {
            out += "\n# \(artifact.stage): \(verb(artifact.change)) \(artifact.key)\n"
            if let text = ArtifactDiff.text(artifact, context: context) {
                out += text
            } else {
                out += "(previous contents unknown: last applied sha256 \(artifact.oldDigest ?? "none"), "
                out += "new sha256 \(artifact.newDigest ?? "none"))\n"
            }
        }
    }

    private func verb(_ change: ArtifactChange.Change) -> String {
        switch change {
        case .added: "add"
        case .modified: "modify"
        case .removed: "remove"
        }
    }
}
