import PhoenixEngine
/// Fetches the tracked branch into the mirror (unless `--no-fetch`); a failed fetch ends the run, nothing
/// changed (transient: exit 75, ADR 0049).
struct FetchStep: RunStep {
    var name: String { "fetch" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        defer { run.configuration.crash.hit("after-fetch") }
        guard run.options.fetch else { return .next }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let fetched = try ConfigMirror.fetch(run.repository, branch: run.settings.branch, from: run.configuration.endpoint)
            let elapsed = clock.now - start
            run.configuration.metrics.fetchFinished(succeeded: true, duration: elapsed)
            run.fetch = FetchReport(
                at: run.now(), succeeded: true, durationSeconds: RunInProgress.seconds(elapsed), moved: fetched.moved)
            if fetched.moved {
                run.logger.info("fetched \(run.settings.branch)", metadata: ["objects": "\(fetched.receivedObjects)"])
            }
            return .next
        } catch {
            run.logger.warning("fetch failed: \(error)")
            let elapsed = clock.now - start
            run.configuration.metrics.fetchFinished(succeeded: false, duration: elapsed)
            let report = FetchReport(
                at: run.now(), succeeded: false, durationSeconds: RunInProgress.seconds(elapsed), message: "\(error)")
            return .done(RunResult(id: run.id, outcome: .fetchFailed("\(error)"), fetch: report))
        }
    }
}
