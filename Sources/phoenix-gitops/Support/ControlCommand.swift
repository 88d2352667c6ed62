import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixReconciler

/// What `suspend` and `resume` share: who, the engine call, and the one line they print.
enum ControlCommand {
    static func run(
        _ kind: RunTrigger.Kind, global: GlobalOptions, reason: String, author: String?, lockTimeout: String
    ) async throws {
        let settings = try global.resolved()
        let wait = try EngineSetup.seconds(lockTimeout, option: "lock-timeout")
        let person = try PersonAuthor.display(author)
        guard !reason.contains(where: \.isNewline) else { throw ValidationError("--reason must be one line") }
        let configuration = try EngineSetup.configuration(settings, logger: EngineSetup.logger(level: .warning))
        let reconciler = Reconciler(configuration)
        let timeout = Duration.milliseconds(Int64(wait * 1000))
        let result =
            kind == .suspend
            ? await reconciler.suspend(by: person, reason: reason, lockTimeout: timeout)
            : await reconciler.resume(by: person, reason: reason, lockTimeout: timeout)
        try output(result, kind: kind).emit()
    }

    static func output(_ result: RunResult, kind: RunTrigger.Kind) -> CommandOutput {
        let recorded = result.published?.tip.map { " (recorded on the status branch at \($0.short))" } ?? ""
        let pending = result.warnings.isEmpty ? "" : "\n" + result.warnings.map { "warning: \($0)" }.joined(separator: "\n")
        switch result.outcome {
        case .finished(.suspended):
            let summary = result.report.map { "suspended (\($0.trigger.detail ?? ""))" } ?? "suspended"
            return CommandOutput(
                stdout: Data("reconciliation \(summary)\(recorded); `phoenix-gitops resume` to undo\(pending)\n".utf8), status: 0)
        case .finished(.resumed):
            let summary = result.report.map { "resumed (\($0.trigger.detail ?? ""))" } ?? "resumed"
            return CommandOutput(stdout: Data("reconciliation \(summary)\(recorded)\(pending)\n".utf8), status: 0)
        case .suspended(let suspension):
            return CommandOutput(stdout: Data("already \(suspension.summary); nothing changed\n".utf8), status: 0)
        case .idle:
            return CommandOutput(stdout: Data("not suspended; nothing changed\n".utf8), status: 0)
        default:
            let problem = RunResultText.problem(result) ?? "error: \(kind.rawValue) failed: \(result.outcome)"
            return CommandOutput(
                stdout: Data(), status: result.exitCode == 0 ? ExitStatus.failed : result.exitCode,
                stderr: Data((problem + "\n").utf8))
        }
    }
}
