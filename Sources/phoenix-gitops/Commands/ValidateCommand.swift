import ArgumentParser
import Foundation
import PhoenixCore

/// `phoenix-gitops validate [PATH]`: reports every problem of a configuration at once.
///
/// Exit status 0 when there is no error (warnings allowed), 1 otherwise. The work is in
/// `ValidateCommand.report(source:layout:format:)`, which takes any `ConfigSource`, so `--at REV`
/// only has to supply a git-backed source.
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

    @Argument(help: "Folder holding the configuration (the repository root).")
    var path: String = "."

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .customLong("config-path"), help: "Folder of the JSON files inside the repository.")
    var configPath: String = "config"

    @Option(name: .customLong("stacks-path"), help: "Folder of the stack folders inside the repository.")
    var stacksPath: String = "stacks"

    func run() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(path) is not a folder")
        }
        let source = FolderSource(path: path)
        let (output, valid) = try Self.report(
            source: source, layout: ConfigLayout(configPath: configPath, stacksPath: stacksPath), format: format)
        FileHandle.standardOutput.write(output)
        if !valid { throw ExitCode(1) }
    }

    /// Validates `source` and renders the report; returns the output bytes and whether there were no errors.
    static func report(source: any ConfigSource, layout: ConfigLayout, format: Format) throws -> (Data, Bool) {
        let report = ConfigValidator.validate(source: source, layout: layout)
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
