import PhoenixEngine
/// One step of a run (docs/adr/0050-a-run-is-a-list-of-steps.md): it reads and advances the run's context
/// (``RunInProgress``: state, mirror, ledger, and what earlier steps learnt) and either lets the next
/// step go on or ends the run with its result. A step that throws ends the run as `failedToStart`.
protocol RunStep: Sendable {
    /// For logs and the ADR's table.
    var name: String { get }
    /// Does the step.
    func run(_ run: inout RunInProgress) async throws -> RunStepResult
}
