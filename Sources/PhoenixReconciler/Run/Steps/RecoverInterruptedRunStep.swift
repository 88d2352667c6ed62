import PhoenixEngine
/// A run that was in progress when the process died is recorded as interrupted (once).
struct RecoverInterruptedRunStep: RunStep {
    var name: String { "recover" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        try run.recoverInterruptedRun()
        return .next
    }
}
