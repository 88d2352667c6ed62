import PhoenixEngine

/// Compares every stage with what it last applied (docs/drift.md), lets the anti-flapping guard decide
/// what self-heal may re-apply, and records drift that is new; the re-applies are ``SelfHealStep``'s.
struct DriftCheckStep: RunStep {
    let options: DriftOptions

    var name: String { "drift check" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let (report, heals) = try await run.checkDrift(options)
        run.drift = DriftOutcome(report: report)
        run.heals = heals
        return .next
    }
}
