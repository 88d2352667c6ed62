import PhoenixDrivers

/// Applies a set of stages in the catalogue's dependency order: the one stage runner of the engine, the
/// benchmarks and the tests. One stage at a time: stages share one host and often one guest, and a
/// predictable order is worth more than parallelism here.
///
/// - The context factory runs first, so a stop (``StageRunStopped``) ends the run before the next stage
///   whatever its render: that stage and its dependents are `notRun`.
/// - A stage whose render has error diagnostics fails (permanently, ``FailureKind``) without being applied.
/// - When a stage fails, every stage of the run that depends on it, directly or through other stages,
///   is skipped with `dependency failed: <id>` (naming the failed stage at the root, `(via <id>)` when
///   indirect) and carries the root's failure kind; the others still run. A dependency that is not part
///   of the run is assumed to have succeeded before.
/// - In a cluster a stage's host-level work runs on the machines `selection` names (the driver's
///   ``HostDriver/hostTargets(_:)``), one after the other; a node that fails does not stop the others, and
///   the stage fails with the nodes' combined kind (docs/adr/0047-host-stages-on-cluster-nodes.md).
/// - Ids the catalogue does not know fail with a message; they never stop the run.
public struct StageRunner: Sendable {
    /// Makes the context of one stage (its previous artifacts differ per stage); throws
    /// ``StageRunStopped`` to stop the run before that stage.
    public typealias ContextFactory = @Sendable (any Stage) async throws -> StageContext
    /// Called after each stage, e.g. to persist state before the next stage starts.
    public typealias ResultHandler = @Sendable (StageRunResult) async -> Void

    /// The stages and their DAG.
    public let catalogue: StageCatalogue
    /// Which machines each stage's host-level work runs on (the watcher's host unless a cluster's settings
    /// say otherwise).
    public var selection: @Sendable (any Stage) -> HostSelection = { _ in .watcher }

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
        var blocked: [StageID: StageRunResult] = [:]  // stages that did not succeed, with the root's kind
        var root: [StageID: StageID] = [:]  // a failed or skipped stage → the failed stage at the root
        let clock = ContinuousClock()
        for stage in catalogue.stages where ids.contains(stage.id) {
            let result: StageRunResult
            if let blocker = stage.dependencies.first(where: { blocked[$0] != nil }), let cause = blocked[blocker] {
                if case .notRun(let reason) = cause.outcome {
                    result = StageRunResult(stage: stage.id, outcome: .notRun(reason), duration: .zero)
                } else {
                    let failed = root[blocker] ?? blocker
                    let reason = blocker == failed ? "dependency failed: \(failed)" : "dependency failed: \(failed) (via \(blocker))"
                    result = StageRunResult(stage: stage.id, outcome: .skipped(reason), duration: .zero, failureKind: cause.failureKind)
                    root[stage.id] = failed
                }
            } else {
                let start = clock.now
                var applied = await apply(stage, render: renders[stage.id], context: context)
                applied.duration = clock.now - start
                result = applied
            }
            if !result.outcome.succeeded { blocked[stage.id] = result }
            results.append(result)
            await onResult(result)
        }
        for unknown in ids.subtracting(catalogue.ids).sorted() {
            let result = StageRunResult(
                stage: unknown, outcome: .failed("\(unknown): no such stage in the catalogue"), duration: .zero,
                failureKind: .stage)
            results.append(result)
            await onResult(result)
        }
        return results
    }

    private func apply(_ stage: any Stage, render: Render?, context makeContext: ContextFactory) async -> StageRunResult {
        func failed(_ message: String, _ kind: FailureKind) -> StageRunResult {
            StageRunResult(stage: stage.id, outcome: .failed(message), duration: .zero, failureKind: kind)
        }
        guard let render else { return failed("\(stage.id): no render was given for this stage", .stage) }
        let context: StageContext
        do {
            context = try await makeContext(stage)
        } catch let stop as StageRunStopped {
            return StageRunResult(stage: stage.id, outcome: .notRun(stop.reason), duration: .zero)
        } catch {
            return failed("\(stage.id): could not prepare the apply: \(Redactor.standard.text("\(error)"))", FailureKind.of(error))
        }
        if render.hasErrors { return failed(StageError.renderFailed(stage.id, render.diagnostics).description, .permanent) }
        let targets: [HostTarget]
        do {
            targets = try await context.driver.hostTargets(selection(stage))
        } catch {
            return failed(context.driver.redactor.text("\(stage.id): \(error)"), FailureKind.of(error))
        }
        if targets.count == 1, targets[0].node == nil {
            let (outcome, kind) = await apply(stage, render, context)
            return StageRunResult(stage: stage.id, outcome: outcome, duration: .zero, failureKind: kind)
        }
        // A cluster: the same render on every node, one after the other (ADR 0047).
        var merged = ApplyReport()
        var nodes: [StageNodeResult] = []
        var failures: [String] = []
        var kinds: [FailureKind] = []
        for target in targets {
            var nodeContext = context
            nodeContext.driver = target.driver
            let name = target.node ?? "watcher"
            let (outcome, kind) = await apply(stage, render, nodeContext)
            nodes.append(StageNodeResult(node: name, outcome: outcome, failureKind: kind))
            switch outcome {
            case .succeeded(let report): merged.merge(report)
            case .failed(let message), .skipped(let message), .notRun(let message):
                failures.append("node \(name): \(message)")
                kinds.append(kind ?? .stage)
            }
        }
        merged.written = Self.unique(merged.written)
        merged.removed = Self.unique(merged.removed)
        guard failures.isEmpty else {
            return StageRunResult(
                stage: stage.id, outcome: .failed(failures.joined(separator: "; ")), duration: .zero,
                failureKind: FailureKind.combined(kinds), nodes: nodes)
        }
        return StageRunResult(stage: stage.id, outcome: .succeeded(merged), duration: .zero, nodes: nodes)
    }

    private func apply(_ stage: any Stage, _ render: Render, _ context: StageContext) async -> (StageOutcome, FailureKind?) {
        do {
            return (.succeeded(try await stage.apply(render, context: context)), nil)
        } catch let error as StageError {
            return (.failed(context.driver.redactor.text(error.description)), FailureKind.of(error))
        } catch {
            return (.failed(context.driver.redactor.text("\(stage.id): \(error)")), FailureKind.of(error))
        }
    }

    private static func unique(_ keys: [ArtifactKey]) -> [ArtifactKey] {
        var seen = Set<ArtifactKey>()
        return keys.filter { seen.insert($0).inserted }
    }
}
