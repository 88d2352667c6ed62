import Foundation
import PhoenixCore
import PhoenixPlanner
import PhoenixStages

/// The JSON form of a `Plan`, the stable schema of docs/plan-format.md and
/// docs/plan-format.schema.json. Every key is always present (`null` when unknown), keys are sorted,
/// arrays keep the plan's order. Add keys, never rename or remove them; `version` changes only for
/// an incompatible change.
public struct PlanDocument: Encodable, Sendable {
    /// Always `phoenix-plan`.
    public var format = "phoenix-plan"
    /// The schema version.
    public var version = 1
    /// The fallback base (`--from` or the first parent), or null for the empty tree.
    public var from: String?
    /// The target commit.
    public var to: String
    /// Whether a stage would run (exit status 2).
    public var willRun: Bool
    /// Counts.
    public var summary: Summary
    /// Changed files between `from` and `to`.
    public var changes: [Change]
    /// Stack folders with a changed file.
    public var changedStacks: [String]
    /// Every planned stage, in run order.
    public var stages: [Stage]
    /// Changes no stage applies.
    public var notices: [Notice]
    /// Warnings and infos of the target configuration.
    public var diagnostics: [DiagnosticEntry]

    /// The document of `plan`, with unified diffs of `context` lines.
    public init(_ plan: Plan, context: Int = 3) {
        from = plan.from?.hex
        to = plan.to.hex
        willRun = plan.willRun
        summary = Summary(
            changedFiles: plan.changes.files.count,
            run: plan.stages.count { $0.decision == .run },
            skipUnaffected: plan.stages.count { $0.decision == .skipUnaffected },
            skipIdenticalOutput: plan.stages.count { $0.decision == .skipIdenticalOutput },
            notices: plan.notices.count)
        changes = plan.changes.files.map(Change.init)
        changedStacks = plan.changes.changedStacks
        stages = plan.stages.map { Stage($0, context: context) }
        notices = plan.notices.map(Notice.init)
        diagnostics = plan.diagnostics.sorted(by: Diagnostic.reportOrder).map(DiagnosticEntry.init)
    }

    /// Pretty, key-sorted JSON with a final newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    enum CodingKeys: String, CodingKey {
        case format, version, from, to, summary, changes, stages, notices, diagnostics
        case willRun = "will_run", changedStacks = "changed_stacks"
    }

    /// Encodes every key (`null` when absent).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(version, forKey: .version)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(willRun, forKey: .willRun)
        try c.encode(summary, forKey: .summary)
        try c.encode(changes, forKey: .changes)
        try c.encode(changedStacks, forKey: .changedStacks)
        try c.encode(stages, forKey: .stages)
        try c.encode(notices, forKey: .notices)
        try c.encode(diagnostics, forKey: .diagnostics)
    }

    /// Counts of the plan.
    public struct Summary: Encodable, Sendable {
        var changedFiles: Int
        var run: Int
        var skipUnaffected: Int
        var skipIdenticalOutput: Int
        var notices: Int

        enum CodingKeys: String, CodingKey {
            case run, notices
            case changedFiles = "changed_files", skipUnaffected = "skip_unaffected"
            case skipIdenticalOutput = "skip_identical_output"
        }
    }

    /// One changed file.
    public struct Change: Encodable, Sendable {
        var path: String
        var oldPath: String?
        var status: String
        var stack: String?
        var formattingOnly: Bool
        var pointers: [Pointer]

        init(_ file: ChangedFile) {
            path = file.path
            oldPath = file.oldPath
            status = file.status.rawValue
            stack = file.stack
            formattingOnly = file.isFormattingOnly
            pointers = file.pointers.map {
                Pointer(op: $0.kind.rawValue, pointer: $0.pointer.description, identityPath: $0.identityPath)
            }
        }

        enum CodingKeys: String, CodingKey {
            case path, status, stack, pointers
            case oldPath = "old_path", formattingOnly = "formatting_only"
        }

        /// Encodes every key (`null` when absent).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(path, forKey: .path)
            try c.encode(oldPath, forKey: .oldPath)
            try c.encode(status, forKey: .status)
            try c.encode(stack, forKey: .stack)
            try c.encode(formattingOnly, forKey: .formattingOnly)
            try c.encode(pointers, forKey: .pointers)
        }
    }

    /// One semantic JSON change.
    public struct Pointer: Encodable, Sendable {
        var op: String
        var pointer: String
        var identityPath: String

        enum CodingKeys: String, CodingKey {
            case op, pointer
            case identityPath = "identity_path"
        }
    }

    /// One stage.
    public struct Stage: Encodable, Sendable {
        var id: String
        var summary: String
        var base: String?
        var decision: String
        var comparedWith: String
        var reasons: [Reason]
        var artifacts: [ArtifactEntry]
        var diagnostics: [DiagnosticEntry]
        /// Where a cluster runs it (absent on a single host, so single-host documents are unchanged).
        var nodes: String?

        init(_ stage: StagePlan, context: Int) {
            id = stage.id.rawValue
            summary = stage.summary
            base = stage.base?.hex
            decision = stage.decision.rawValue
            comparedWith = stage.comparison.rawValue
            reasons = stage.reasons.map(Reason.init)
            artifacts = stage.artifacts.map { ArtifactEntry($0, context: context) }
            diagnostics = stage.diagnostics.sorted(by: Diagnostic.reportOrder).map(DiagnosticEntry.init)
            nodes = stage.nodes
        }

        enum CodingKeys: String, CodingKey {
            case id, summary, base, decision, reasons, artifacts, diagnostics, nodes
            case comparedWith = "compared_with"
        }

        /// Encodes every key (`null` when absent).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(summary, forKey: .summary)
            try c.encode(base, forKey: .base)
            try c.encode(decision, forKey: .decision)
            try c.encode(comparedWith, forKey: .comparedWith)
            try c.encode(reasons, forKey: .reasons)
            try c.encode(artifacts, forKey: .artifacts)
            try c.encode(diagnostics, forKey: .diagnostics)
            try c.encodeIfPresent(nodes, forKey: .nodes)
        }
    }

    /// Why a stage was selected.
    public struct Reason: Encodable, Sendable {
        var path: String
        var pointer: String?
        var identityPath: String?
        var change: String
        var rule: String
        var why: String

        init(_ reason: StageReason) {
            path = reason.path
            pointer = reason.pointer?.description
            identityPath = reason.identityPath
            change = reason.change
            rule = reason.rule
            why = reason.why
        }

        enum CodingKeys: String, CodingKey {
            case path, pointer, change, rule, why
            case identityPath = "identity_path"
        }

        /// Encodes every key (`null` when absent).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(path, forKey: .path)
            try c.encode(pointer, forKey: .pointer)
            try c.encode(identityPath, forKey: .identityPath)
            try c.encode(change, forKey: .change)
            try c.encode(rule, forKey: .rule)
            try c.encode(why, forKey: .why)
        }
    }

    /// One artifact a run would change.
    public struct ArtifactEntry: Encodable, Sendable {
        var location: String
        var path: String
        var kind: String
        var destination: String
        var renderPath: String?
        var change: String
        var oldSHA256: String?
        var newSHA256: String?
        var mode: String?
        var diff: String?

        init(_ artifact: ArtifactChange, context: Int) {
            location = artifact.key.location.description
            path = artifact.key.path
            kind = artifact.key.kind.rawValue
            destination = artifact.key.description
            renderPath = ArtifactPlacement.relativePath(of: artifact.key, stage: artifact.stage)
            change = artifact.change.rawValue
            oldSHA256 = artifact.oldDigest
            newSHA256 = artifact.newDigest
            mode = artifact.mode.map { String(format: "%04o", $0) }
            diff = ArtifactDiff.text(artifact, context: context)
        }

        enum CodingKeys: String, CodingKey {
            case location, path, kind, destination, change, mode, diff
            case oldSHA256 = "old_sha256", newSHA256 = "new_sha256", renderPath = "render_path"
        }

        /// Encodes every key (`null` when absent).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(location, forKey: .location)
            try c.encode(path, forKey: .path)
            try c.encode(kind, forKey: .kind)
            try c.encode(destination, forKey: .destination)
            try c.encode(renderPath, forKey: .renderPath)
            try c.encode(change, forKey: .change)
            try c.encode(oldSHA256, forKey: .oldSHA256)
            try c.encode(newSHA256, forKey: .newSHA256)
            try c.encode(mode, forKey: .mode)
            try c.encode(diff, forKey: .diff)
        }
    }

    /// A change no stage applies.
    public struct Notice: Encodable, Sendable {
        var kind: String
        var file: String?
        var guest: Int?
        var pointers: [String]
        var message: String

        init(_ notice: PlanNotice) {
            kind = notice.kind.rawValue
            file = notice.file
            guest = notice.guest
            pointers = notice.pointers.map(\.description)
            message = notice.message
        }

        /// Encodes every key (`null` when absent).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(file, forKey: .file)
            try c.encode(guest, forKey: .guest)
            try c.encode(pointers, forKey: .pointers)
            try c.encode(message, forKey: .message)
        }

        enum CodingKeys: String, CodingKey {
            case kind, file, guest, pointers, message
        }
    }

    /// A finding, with every key present.
    public struct DiagnosticEntry: Encodable, Sendable {
        var diagnostic: Diagnostic

        /// The entry of `diagnostic`.
        public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }

        enum CodingKeys: String, CodingKey {
            case severity, code, file, pointer, line, column, message
        }

        /// Encodes every key (`null` when absent).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(diagnostic.severity.rawValue, forKey: .severity)
            try c.encode(diagnostic.code.rawValue, forKey: .code)
            try c.encode(diagnostic.file, forKey: .file)
            try c.encode(diagnostic.pointer?.description, forKey: .pointer)
            try c.encode(diagnostic.line, forKey: .line)
            try c.encode(diagnostic.column, forKey: .column)
            try c.encode(diagnostic.message, forKey: .message)
        }
    }
}
