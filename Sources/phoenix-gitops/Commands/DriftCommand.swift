import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixReconciler
import PhoenixStages

/// `phoenix-gitops drift [--format text|json] [--heal] [--stage ID]...`: compare the target with what
/// each stage last applied (docs/drift.md).
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare the target with what each stage last applied: files (with a diff) and observed state.",
        discussion: """
            Every stage with a watermark is rendered at that commit and compared: each file it applied is \
            read through the driver (a unified diff shows what changed), and swarm membership and labels, \
            deployed stacks, agent containers and certificates are queried where the driver can observe \
            them. A guest that is stopped or unreachable makes its part unknown, never in sync. New drift \
            is recorded on the status branch. --heal re-applies drifted stages from their own watermark \
            (even one whose self-heal the anti-flapping guard stopped). Takes the run lock like apply. \
            Exit status: 0 in sync, 2 drifted, 1 error (or a part that could not be checked because a \
            guest or a probe did not answer; parts the driver cannot observe at all are listed, not errors).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Re-apply drifted stages from their last applied commit.")
    var heal = false

    @Option(name: .customLong("stage"), help: "Check only this stage (repeatable).")
    var stages: [String] = []

    @Flag(name: .customLong("no-record"), help: "Do not record drift found on the status branch.")
    var noRecord = false

    @Option(name: .customLong("lock-timeout"), help: "How long to wait for another run's lock (e.g. 30s, 5m; 0s fails at once).")
    var lockTimeout = "5m"

    @Flag(name: .shortAndLong, help: "No progress lines on stderr.")
    var quiet = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let settings = try global.resolved()
        let wait = try EngineSetup.seconds(lockTimeout, option: "lock-timeout")
        let logger = EngineSetup.logger(level: .warning)
        var configuration = try EngineSetup.configuration(settings, logger: logger)
        let only = try EngineSetup.stages(stages, in: configuration.catalogue)
        if let progress = ProgressLines.forCommand(quiet: quiet) {
            configuration.events = progress
            FileHandle.standardError.write(Data("drift: comparing the target with what each stage applied\n".utf8))
        }
        let outcome = await Reconciler(configuration).checkDrift(
            options: DriftOptions(
                heal: heal, force: heal, record: !noRecord, only: only, lockTimeout: .milliseconds(Int64(wait * 1000))),
            detail: heal ? "drift --heal" : "drift command")
        let status = Self.exitCode(outcome, heal: heal)
        let output: Data
        switch format {
        case .text: output = Data(DriftText.text(outcome).utf8)
        case .json: output = try DriftText.json(outcome, exitCode: status)
        }
        // No report: the reason goes to stderr (stdout keeps the JSON document, when asked for).
        if outcome.report == nil, format == .text {
            try CommandOutput(stdout: Data(), status: status, stderr: output).emit()
        }
        try CommandOutput(stdout: output, status: status).emit()
    }

    /// The check's status; a self-heal run that did not succeed makes it 1. With `--heal`, drift that was
    /// repaired is not drift any more: when every drifted stage was re-applied successfully the status is
    /// what the check would say without those stages (0 when nothing else is wrong; docs/adr/0041).
    static func exitCode(_ outcome: DriftOutcome, heal: Bool = false) -> Int32 {
        if outcome.heals.contains(where: { $0.exitCode != 0 }) { return 1 }
        guard heal, var report = outcome.report, report.status == .drifted else { return outcome.exitCode }
        let drifted = report.stages.filter { $0.status == .drifted }
        let repaired = drifted.allSatisfy { $0.heal?.action == .reapplied && $0.heal?.result == .succeeded }
        guard repaired, !outcome.heals.isEmpty else { return outcome.exitCode }
        report.stages.removeAll { $0.status == .drifted }
        return report.exitCode
    }
}
