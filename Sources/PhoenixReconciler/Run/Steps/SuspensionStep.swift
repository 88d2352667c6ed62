import PhoenixEngine
/// A suspended watcher touches nothing, the remote included: before the fetch, the run ends `suspended`
/// (only reports still pending are published).
struct SuspensionStep: RunStep {
    var name: String { "suspension" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        guard let suspension = run.state.suspension else { return .next }
        run.logger.info("reconciliation suspended: nothing done", metadata: ["by": "\(suspension.by)"])
        let published = run.publishPending()
        return .done(RunResult(id: run.id, outcome: .suspended(suspension), published: published, warnings: run.warnings))
    }
}
