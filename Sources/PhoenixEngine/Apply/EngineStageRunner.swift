import Foundation
import PhoenixDrivers
import PhoenixStages

/// Applies the planned stages one at a time in the catalogue's DAG order; a failed stage's dependents
/// (directly or not) are skipped naming the failed stage, the others still run. Between stages the
/// context factory may refuse to start the next one (shutdown): it and its dependents are "not run".
struct EngineStageRunner: Sendable {
    typealias ContextFactory = @Sendable (any Stage) async throws -> StageContext
    typealias ResultHandler = @Sendable (StageApplyResult) async -> Void

    let catalogue: StageCatalogue

    func run(
        _ ids: Set<StageID>, renders: [StageID: Render], context makeContext: ContextFactory, onResult: ResultHandler
    ) async -> [StageApplyResult] {
        var results: [StageApplyResult] = []
        var blocked: [StageID: StageApplyResult.Outcome] = [:]
        let clock = ContinuousClock()
        for stage in catalogue.stages where ids.contains(stage.id) {
            var result: StageApplyResult
            if let blocker = stage.dependencies.first(where: { blocked[$0] != nil }), let cause = blocked[blocker] {
                switch cause {
                case .notRun(let reason):
                    result = StageApplyResult(stage: stage.id, outcome: .notRun(reason), durationSeconds: 0)
                default:
                    result = StageApplyResult(
                        stage: stage.id, outcome: .skipped("dependency failed: \(Self.root(of: blocker, in: blocked))"),
                        durationSeconds: 0)
                }
            } else {
                let start = clock.now
                let outcome = await apply(stage, render: renders[stage.id], context: makeContext)
                let elapsed = clock.now - start
                result = StageApplyResult(
                    stage: stage.id, outcome: outcome,
                    durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            switch result.outcome {
            case .succeeded: break
            case .failed: blocked[stage.id] = .failed(stage.id.rawValue)
            case .skipped(let reason): blocked[stage.id] = .skipped(reason)
            case .notRun(let reason): blocked[stage.id] = .notRun(reason)
            }
            results.append(result)
            await onResult(result)
        }
        return results
    }

    /// The failed stage at the root of a chain of skips.
    private static func root(of stage: StageID, in blocked: [StageID: StageApplyResult.Outcome]) -> String {
        switch blocked[stage] {
        case .skipped(let reason): reason.replacingOccurrences(of: "dependency failed: ", with: "")
        default: stage.rawValue
        }
    }

    private func apply(_ stage: any Stage, render: Render?, context makeContext: ContextFactory) async
        -> StageApplyResult.Outcome
    {
        guard let render else { return .failed("\(stage.id): no render was given for this stage") }
        // The factory runs first so a shutdown stops the run before a stage whose render failed, too.
        let context: StageContext
        do {
            context = try await makeContext(stage)
        } catch let error as ShutdownRequested {
            return .notRun(error.description)
        } catch {
            return .failed("\(stage.id): could not prepare the apply: \(Redactor.standard.text("\(error)"))")
        }
        if render.hasErrors { return .failed(StageError.renderFailed(stage.id, render.diagnostics).description) }
        do {
            return .succeeded(try await stage.apply(render, context: context))
        } catch let error as StageError {
            return .failed(context.driver.redactor.text(error.description))
        } catch {
            return .failed(context.driver.redactor.text("\(stage.id): \(error)"))
        }
    }
}
