import PhoenixDrivers

/// Applies a set of stages in the catalogue's dependency order. One stage at a time: stages share one
/// host and often one guest, and a predictable order is worth more than parallelism here.
///
/// - A stage whose render has error diagnostics fails without being applied.
/// - When a stage fails, every stage of the run that depends on it, directly or through other stages,
///   is skipped with `dependency failed: <id>` (naming the failed stage at the root); the others still
///   run. A dependency that is not part of the run is assumed to have succeeded before.
/// - Ids the catalogue does not know fail with a message; they never stop the run.
public struct StageRunner: Sendable {
    /// Makes the context of one stage (its previous artifacts differ per stage).
    public typealias ContextFactory = @Sendable (any Stage) async throws -> StageContext
    /// Called after each stage, e.g. to persist state before the next stage starts.
    public typealias ResultHandler = @Sendable (StageRunResult) async -> Void

    /// The stages and their DAG.
    public let catalogue: StageCatalogue

    /// A runner over `catalogue`.
    public init(catalogue: StageCatalogue) {
        self.catalogue = catalogue
    }

    /// Applies the stages `ids` with their `renders`, in DAG order.
    /// - Returns: one result per requested id: catalogue stages in DAG order, then unknown ids sorted.
    public func run(
        _ ids: Set<StageID>, renders: [StageID: Render], context: ContextFactory,
        onResult: ResultHandler = { _ in }
    ) async -> [StageRunResult] {
        var results: [StageRunResult] = []
        var failedRoot: [StageID: StageID] = [:]  // stage that did not succeed → the failed stage at the root
        let clock = ContinuousClock()
        for stage in catalogue.stages where ids.contains(stage.id) {
            let result: StageRunResult
            if let blocker = stage.dependencies.first(where: { failedRoot[$0] != nil }), let root = failedRoot[blocker] {
                let reason = blocker == root ? "dependency failed: \(root)" : "dependency failed: \(root) (via \(blocker))"
                result = StageRunResult(stage: stage.id, outcome: .skipped(reason), duration: .zero)
            } else {
                let start = clock.now
                let outcome = await apply(stage, render: renders[stage.id], context: context)
                result = StageRunResult(stage: stage.id, outcome: outcome, duration: clock.now - start)
            }
            switch result.outcome {
            case .succeeded: break
            case .failed: failedRoot[stage.id] = stage.id
            case .skipped:
                if let blocker = stage.dependencies.first(where: { failedRoot[$0] != nil }) {
                    failedRoot[stage.id] = failedRoot[blocker]
                }
            }
            results.append(result)
            await onResult(result)
        }
        for unknown in ids.subtracting(catalogue.ids).sorted() {
            let result = StageRunResult(
                stage: unknown, outcome: .failed("\(unknown): no such stage in the catalogue"), duration: .zero)
            results.append(result)
            await onResult(result)
        }
        return results
    }

    private func apply(_ stage: any Stage, render: Render?, context makeContext: ContextFactory) async -> StageOutcome {
        guard let render else { return .failed("\(stage.id): no render was given for this stage") }
        if render.hasErrors { return .failed(StageError.renderFailed(stage.id, render.diagnostics).description) }
        let context: StageContext
        do {
            context = try await makeContext(stage)
        } catch {
            return .failed("\(stage.id): could not prepare the apply: \(Redactor.standard.text("\(error)"))")
        }
        do {
            return .succeeded(try await stage.apply(render, context: context))
        } catch let error as StageError {
            return .failed(context.driver.redactor.text(error.description))
        } catch {
            return .failed(context.driver.redactor.text("\(stage.id): \(error)"))
        }
    }
}
