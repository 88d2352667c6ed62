import ArgumentParser
import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixPlanner

/// `phoenix-gitops validate [PATH] [--at REV]`: reports every problem of a configuration at once,
/// from a folder or (with `--at`) from a commit of the config repository, read from git objects only.
///
/// Exit status 0 when there is no error (warnings allowed), 1 otherwise. The work is in
/// `ValidateCommand.report(source:settings:format:)`, which takes any `ConfigSource`: the configuration's
/// checks within the settings' input limits, then every stage's render (`RenderingValidator`).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a Phoenix configuration: every problem, with file, JSON pointer and line:column.",
        discussion: "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors."
    )

    /// Output format.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Folder holding the configuration (the repository root; default the current folder).")
    var path: String?

    @Option(help: "Validate this commit of the config repository (--repo) instead of a folder.")
    var at: String?

    @Flag(name: .customLong("no-render"), help: "Check the configuration only, without running every stage's render.")
    var noRender = false

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "The previous configuration (a folder): commands that are new or changed since it are warnings.")
    var base: String?

    @Option(name: .customLong("base-at"), help: "The previous configuration as a commit of the config repository (--repo).")
    var baseAt: String?

    func validate() throws {
        if at != nil && path != nil { throw ValidationError("give either PATH or --at REV, not both") }
        if base != nil && baseAt != nil { throw ValidationError("give either --base PATH or --base-at REV, not both") }
    }

    func run() throws {
        try execute().emit()
    }

    /// Validates the folder or commit; returns the report and the exit status.
    func execute() throws -> CommandOutput {
        let settings = try global.resolved()
        let source: any ConfigSource
        if let at {
            let access = ConfigRepositoryAccess(settings: settings)
            let repository = try access.open()
            source = GitConfigSource(
                repository: repository, commit: try access.resolve(at, in: repository), limits: settings.limits)
        } else {
            let folder = path ?? "."
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("\(folder) is not a folder")
            }
            source = FolderSource(path: folder, maxFileBytes: settings.limits.maxFileBytes)
        }
        var baseSource: (any ConfigSource)?
        if let baseAt {
            let access = ConfigRepositoryAccess(settings: settings)
            let repository = try access.open()
            baseSource = GitConfigSource(
                repository: repository, commit: try access.resolve(baseAt, in: repository), limits: settings.limits)
        } else if let base {
            baseSource = FolderSource(path: base, maxFileBytes: settings.limits.maxFileBytes)
        }
        let (output, valid) = try Self.report(
            source: source, settings: settings, format: format, base: baseSource, render: !noRender)
        return CommandOutput(stdout: output, status: valid ? 0 : 1)
    }

    /// Validates `source` and renders the report; returns the output bytes and whether there were no errors.
    static func report(
        source: any ConfigSource, layout: ConfigLayout, format: Format, base: (any ConfigSource)? = nil,
        render: Bool = true
    ) throws -> (Data, Bool) {
        var settings = WatcherSettings()
        settings.configPath = layout.configPath
        settings.stacksPath = layout.stacksPath
        return try report(source: source, settings: settings, format: format, base: base, render: render)
    }

    /// Validates `source` under `settings` (layout, limits, stage settings for the renders).
    /// With a `base`, the repository commands that are new or changed since it are warnings; without,
    /// every one is listed as info (`RepositoryCommandFindings`).
    static func report(
        source: any ConfigSource, settings: WatcherSettings, format: Format, base: (any ConfigSource)? = nil,
        render: Bool = true
    ) throws -> (Data, Bool) {
        let layout = settings.layout
        var report = render
            ? RenderingValidator.validate(source: source, settings: settings)
            : ConfigValidator.validate(source: source, layout: layout, limits: settings.limits)
        if let snapshot = report.snapshot {
            let baseSnapshot = base.flatMap { ConfigLoader.load(from: $0, layout: layout, limits: settings.limits).snapshot }
            report = ValidationReport(
                diagnostics: report.diagnostics + RepositoryCommandFindings.findings(snapshot, base: baseSnapshot, compared: base != nil),
                snapshot: snapshot)
        }
        switch format {
        case .text:
            return (Data(report.formattedText().utf8), !report.hasErrors)
        case .json:
            var data = try report.jsonData(source: source.sourceDescription)
            data.append(0x0A)
            return (data, !report.hasErrors)
        }
    }
}
