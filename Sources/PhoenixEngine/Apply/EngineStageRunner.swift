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
    /// Which machines each stage's host-level work runs on (``HostSelection/watcher`` unless a cluster's
    /// settings say otherwise).
    var selection: @Sendable (any Stage) -> HostSelection = { _ in .watcher }

    func run(
        _ ids: Set<StageID>, renders: [StageID: Render], context makeContext: ContextFactory, onResult: ResultHandler
    ) async -> [StageApplyResult] {
        var results: [StageApplyResult] = []
        var blocked: [StageID: StageApplyResult.Outcome] = [:]
        // The kind of the failure at the root of each blocked chain: a stage skipped because a dependency
        // failed permanently waits for a new commit too, instead of being retried (ADR 0049).
        var blockedKind: [StageID: FailureKind] = [:]
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
                        durationSeconds: 0, failureKind: blockedKind[blocker])
                }
            } else {
                let start = clock.now
                let applied = await apply(stage, render: renders[stage.id], context: makeContext)
                let elapsed = clock.now - start
                result = StageApplyResult(
                    stage: stage.id, outcome: applied.outcome,
                    durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                    nodes: applied.nodes, failureKind: applied.kind)
            }
            switch result.outcome {
            case .succeeded: break
            case .failed: blocked[stage.id] = .failed(stage.id.rawValue)
            case .skipped(let reason): blocked[stage.id] = .skipped(reason)
            case .notRun(let reason): blocked[stage.id] = .notRun(reason)
            }
            if blocked[stage.id] != nil { blockedKind[stage.id] = result.failureKind }
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

    /// What one stage's apply gave: how it ended, the kind of its failure, and per node in a cluster.
    private struct Applied {
        var outcome: StageApplyResult.Outcome
        var kind: FailureKind? = nil
        var nodes: [NodeReport] = []

        static func failed(_ message: String, _ kind: FailureKind) -> Applied { Applied(outcome: .failed(message), kind: kind) }
    }

    private func apply(_ stage: any Stage, render: Render?, context makeContext: ContextFactory) async -> Applied {
        guard let render else { return .failed("\(stage.id): no render was given for this stage", .stage) }
        // The factory runs first so a shutdown stops the run before a stage whose render failed, too.
        let context: StageContext
        do {
            context = try await makeContext(stage)
        } catch let error as ShutdownRequested {
            return Applied(outcome: .notRun(error.description))
        } catch {
            return .failed("\(stage.id): could not prepare the apply: \(Redactor.standard.text("\(error)"))", FailureKind.of(error))
        }
        if render.hasErrors {
            return .failed(StageError.renderFailed(stage.id, render.diagnostics).description, .permanent)
        }
        let targets: [HostTarget]
        do {
            targets = try await context.driver.hostTargets(selection(stage))
        } catch {
            return .failed(context.driver.redactor.text("\(stage.id): \(error)"), FailureKind.of(error))
        }
        if targets.count == 1, targets[0].node == nil { return await apply(stage, render, context) }
        // A cluster: the same render on every node, one after the other (docs/adr/0047). A node that
        // fails does not stop the others; the stage fails, so its watermark stays and it is retried.
        var merged = ApplyReport()
        var nodes: [NodeReport] = []
        var failures: [String] = []
        var kinds: [FailureKind] = []
        for target in targets {
            var nodeContext = context
            nodeContext.driver = target.driver
            let name = target.node ?? "watcher"
            let applied = await apply(stage, render, nodeContext)
            switch applied.outcome {
            case .succeeded(let report):
                merged.merge(report)
                nodes.append(
                    NodeReport(
                        node: name, result: .succeeded, written: report.written.map(\.description),
                        removed: report.removed.map(\.description), actions: report.actions))
            case .failed(let message), .skipped(let message), .notRun(let message):
                failures.append("node \(name): \(message)")
                kinds.append(applied.kind ?? .stage)
                nodes.append(NodeReport(node: name, result: .failed, error: message, failureKind: applied.kind ?? .stage))
            }
        }
        merged.written = Self.unique(merged.written)
        merged.removed = Self.unique(merged.removed)
        guard failures.isEmpty else {
            return Applied(outcome: .failed(failures.joined(separator: "; ")), kind: FailureKind.combined(kinds), nodes: nodes)
        }
        return Applied(outcome: .succeeded(merged), nodes: nodes)
    }

    private func apply(_ stage: any Stage, _ render: Render, _ context: StageContext) async -> Applied {
        do {
            return Applied(outcome: .succeeded(try await stage.apply(render, context: context)))
        } catch let error as StageError {
            return .failed(context.driver.redactor.text(error.description), FailureKind.of(error))
        } catch {
            return .failed(context.driver.redactor.text("\(stage.id): \(error)"), FailureKind.of(error))
        }
    }

    private static func unique(_ keys: [ArtifactKey]) -> [ArtifactKey] {
        var seen = Set<ArtifactKey>()
        return keys.filter { seen.insert($0).inserted }
    }
}
