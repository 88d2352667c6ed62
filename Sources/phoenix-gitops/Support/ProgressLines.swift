import Foundation
import PhoenixEngine

/// Progress lines of `apply`, `rollback` and `drift` on stderr while they run (stdout keeps only the
/// result, so `--format json` stays one document): a line when a run starts, one when each stage
/// starts and ends, one per stage a drift check compares. `--quiet` turns them off.
struct ProgressLines: RunEventSink {
    /// Where lines go (stderr; a test passes its own).
    let write: @Sendable (String) -> Void

    /// Lines to stderr.
    static let standardError = ProgressLines { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    /// The sink of a command: none with `--quiet`, or when logs are JSON lines (`--log-format json`:
    /// stderr then carries only JSON objects, and the info-level logs say what the lines would).
    static func forCommand(quiet: Bool) -> (any RunEventSink)? {
        quiet || ProcessInfo.processInfo.environment["PHOENIX_LOG_FORMAT"] == "json" ? nil : standardError
    }

    func record(_ event: RunEvent) {
        guard let line = Self.line(event) else { return }
        write(line)
    }

    /// The line an event makes, if any.
    static func line(_ event: RunEvent) -> String? {
        switch event {
        case .runStarted(let id, let commit, let trigger):
            return "run \(id): applying \(commit.short) (trigger: \(trigger))"
        case .stageStarted(_, let stage):
            return "  \(stage): applying ..."
        case .stageFinished(_, let stage, let result, let message, let seconds):
            let time = seconds > 0 ? " in \(DurationText.format(seconds: seconds))" : ""
            return "  \(stage): \(result.rawValue)\(time)" + (message.map { ": \($0)" } ?? "")
        case .stageChecked(_, let stage, let state, let items):
            return "  \(stage): \(state.rawValue)" + (items > 0 ? " (\(items) object(s))" : "")
        case .runFinished, .runAborted, .driftDetected, .selfHealStopped:
            return nil
        }
    }
}
