public import Foundation
public import PhoenixEngine
import PhoenixGit

extension StatusPageModel {
    /// The page model from the watcher's local state and the runs read from its status branch.
    ///
    /// - Parameters:
    ///   - status: `status --format json`'s document.
    ///   - runs: the last runs, newest first (``StatusLedger/history(limit:fetch:)``).
    ///   - forge: the forge settings; commits link there when set.
    ///   - subjects: commit subjects by full id (watermarks not named by any listed run).
    ///   - now: the page time.
    public init(
        status: WatcherStatus, runs: [RunReport], forge: ForgeSettings?, subjects: [String: String] = [:],
        now: Date = Date()
    ) {
        var summaries = subjects
        for run in runs {
            if let id = run.source.commit?.description, let summary = run.source.summary { summaries[id] = summary }
        }
        let drift = status.drift
        let stages = status.stages.map { state -> Stage in
            let report = runs.lazy.compactMap { $0.stages.first { $0.stage == state.stage } }.first
            let commit = state.appliedCommit?.description
            return Stage(
                id: state.stage.rawValue, decision: report?.decision.rawValue,
                result: state.lastResult?.result.rawValue, message: state.lastResult?.message, commit: commit,
                subject: commit.flatMap { summaries[$0] }, durationSeconds: report?.durationSeconds,
                retryAfter: state.needsRetry ? state.retryAfter : nil,
                drift: drift?.stages.first { $0.stage == state.stage }?.status.rawValue,
                // Cluster: the nodes its host work ran on (`a: succeeded, …` → `a`).
                node: state.lastResult?.nodes.map { $0.map { String($0.prefix { $0 != ":" }) }.joined(separator: ", ") },
                failureKind: state.lastResult?.result == .failed ? state.lastResult?.failureKind?.rawValue : nil)
        }
        let timeline = runs.map { run in
            Run(
                id: run.id.rawValue, startedAt: run.startedAt, trigger: run.trigger.description,
                commit: run.source.commit?.description, subject: run.source.summary, author: run.source.author,
                result: run.result.rawValue,
                ran: run.stages.filter { $0.decision == .run }.map {
                    $0.result == .succeeded ? $0.stage.rawValue : "\($0.stage.rawValue) (\($0.result.rawValue))"
                },
                errors: run.errors)
        }
        let findings = (drift?.stages ?? []).flatMap { stage in
            stage.items.map {
                Finding(
                    stage: stage.stage.rawValue, state: $0.state.rawValue, object: $0.object, message: $0.message,
                    diff: $0.diff)
            }
        }
        let last = runs.first { $0.source.commit == status.lastTarget && $0.trigger.kind != .suspend && $0.trigger.kind != .resume }
        self.init(
            watcher: status.watcher.id, repository: status.repository, branch: status.branch,
            trackedTip: status.trackedTip?.description, lastTarget: status.lastTarget?.description,
            lastTargetResult: status.lastTargetResult?.rawValue, lastRunErrors: last?.errors ?? [],
            runInProgress: status.runInProgress?.rawValue, suspension: status.suspension?.summary, stages: stages,
            runs: timeline,
            driftCheckedAt: drift?.checkedAt, findings: findings,
            commitURLPrefix: forge.flatMap(Self.commitURLPrefix), generatedAt: now)
    }

    /// Where a commit's web page is, from the forge settings: the API base with its API path removed
    /// (`https://api.github.com` → `https://github.com`), then the provider's commit path.
    public static func commitURLPrefix(_ forge: ForgeSettings) -> String? {
        guard var base = forge.resolvedAPIURL, base.hasPrefix("https://") || base.hasPrefix("http://") else {
            return nil
        }
        while base.hasSuffix("/") { base.removeLast() }
        if base == "https://api.github.com" { base = "https://github.com" }
        for suffix in ["/api/v3", "/api/v1", "/api/v4"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        let path = forge.provider == .gitlab ? "/-/commit/" : "/commit/"
        return base + "/" + forge.repository + path
    }
}
