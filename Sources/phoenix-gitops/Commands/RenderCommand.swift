import ArgumentParser
import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// `phoenix-gitops render [--at REV | --path DIR] --out DIR [--stage ID ...]`: writes every rendered
/// artifact into a folder by location, with `manifest.json` (docs/render-format.md). Offline.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write every rendered artifact of a commit (or a folder) into a folder, with manifest.json.",
        discussion: """
            Reads the commit REV of the config repository (default: the tip of the tracked branch), or with \
            --path a plain folder laid out like the repository. Exit status: 0 success, 1 when the \
            configuration or a stage's render has errors (findings are printed; an invalid configuration \
            writes nothing). OUT must be absent, empty, or an earlier render (whose files are replaced).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The commit to render (default: the tip of the tracked branch).")
    var at: String?

    @Option(help: "Render a folder laid out like the repository instead of a commit.")
    var path: String?

    @Option(help: "The folder to write into.")
    var out: String

    @Option(name: .customLong("stage"), help: "Render only this stage (repeatable).")
    var stages: [String] = []

    @Option(help: "Output format of the summary: text or json (the manifest).")
    var format: OutputFormat = .text

    func validate() throws {
        if at != nil && path != nil { throw ValidationError("--at and --path exclude each other") }
    }

    func run() throws {
        try execute().emit()
    }

    /// Renders and writes; returns the summary to print and the exit status.
    func execute() throws -> CommandOutput {
        let settings = try global.resolved()
        let only = try EngineSetup.stages(stages, in: .standard)
        let source: any ConfigSource
        var commit: ObjectID?
        if let path {
            source = FolderSource(path: path, maxFileBytes: settings.limits.maxFileBytes)
        } else {
            let access = ConfigRepositoryAccess(settings: settings)
            let repository = try access.open()
            let target = try access.resolve(at, in: repository)
            source = GitConfigSource(repository: repository, commit: target, limits: settings.limits)
            commit = target
        }
        let report = ConfigValidator.validate(source: source, layout: settings.layout, limits: settings.limits)
        guard !report.hasErrors, let snapshot = report.snapshot else {
            let (output, _) = try ValidateCommand.report(source: source, settings: settings, format: format == .json ? .json : .text)
            return CommandOutput(stdout: output, status: 1)
        }
        let planner = Planner(catalogue: .standard, settings: settings)
        let renders = planner.renderAll(snapshot, only: only)
        let manifest = try RenderExport.write(
            renders, to: URL(fileURLWithPath: out), source: source.sourceDescription, commit: commit?.hex)
        let status: Int32 = manifest.hasErrors ? 1 : 0
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(manifest)
            data.append(0x0A)
            return CommandOutput(stdout: data, status: status)
        case .text:
            var text = "Rendered \(manifest.artifacts.count) artifact(s) of \(manifest.stages.count) stage(s) "
            text += "from \(manifest.source) into \(out)\n"
            for finding in manifest.diagnostics where finding.severity != Severity.info.rawValue {
                text += "  \(finding.stage): \(finding.severity): \(finding.message)"
                text += finding.pointer.map { " [\($0)]" } ?? ""
                text += "\n"
            }
            return CommandOutput(stdout: Data(text.utf8), status: status)
        }
    }
}
