import PhoenixCore
import PhoenixEngine
import PhoenixPlanner

/// Validation, once per run: a configuration with errors is never planned or applied (run `invalid`).
struct ValidationStep: RunStep {
    var name: String { "validate" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let target = try run.requireTarget()
        let settings = run.settings
        let source = GitConfigSource(
            repository: run.repository, commit: target, limits: settings.limits, documents: run.configuration.documents)
        let validation = ConfigValidator.validate(source: source, layout: settings.layout, limits: settings.limits)
        run.report?.findings = validation.diagnostics.filter { $0.severity != .info }.map(FindingRecord.init)
        guard !validation.hasErrors, let snapshot = validation.snapshot else {
            run.logger.warning("configuration at \(target.short) has \(validation.errorCount) error(s); nothing applied")
            return .done(try run.finish(try run.requireReport(), as: .invalid, target: target, movesTarget: run.movesTarget))
        }
        run.snapshot = snapshot
        return .next
    }
}
