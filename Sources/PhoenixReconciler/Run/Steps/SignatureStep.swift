import PhoenixEngine
/// The signature policy: an unsigned or wrongly signed head is not applied (run `rejected`).
struct SignatureStep: RunStep {
    var name: String { "verify signature" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        guard run.configuration.verifier.policy != .none else { return .next }
        let target = try run.requireTarget()
        let verdict = await run.configuration.verifier.verify(target, in: run.repository)
        run.report?.signature = verdict
        guard verdict.accepted else {
            run.logger.warning("commit refused by the signature policy: \(verdict.reason)")
            return .done(try run.finish(try run.requireReport(), as: .rejected, target: target, movesTarget: run.movesTarget))
        }
        return .next
    }
}
