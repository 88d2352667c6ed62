import PhoenixEngine
/// Resolves the commit to apply; when nothing is due (handled, no retry due) the run ends `idle`, or
/// `waiting` with what is not applied (ADR 0046), after publishing what is pending.
struct TargetStep: RunStep {
    var name: String { "target" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let target = try run.resolveTarget()
        guard run.workIsDue(target) else {
            let published = run.publishPending()
            run.reportGauges()
            let outcome: RunOutcome = run.unappliedTip(target).map { .waiting(target, $0) } ?? .idle(target)
            return .done(RunResult(id: run.id, outcome: outcome, published: published, warnings: run.warnings, fetch: run.fetch))
        }
        run.target = target
        return .next
    }
}
