import Foundation
import Logging
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// One reconcile under the lock: the steps of DESIGN §5 over the state and the mirror.
struct RunInProgress {
    let reconciler: Reconciler
    let id: RunID
    /// What asked for the run; the first is its trigger (a time-driven run names its due stages once known).
    var triggers: [RunTrigger]
    let options: RunOptions
    let stop: StopSignal
    let logger: Logger
    let store: StateStore
    let repository: Repository
    let ledger: StatusLedger
    var state: EngineState
    var warnings: [String] = []
    var fetch: FetchReport?

    // What the steps hand on to each other (docs/adr/0050-a-run-is-a-list-of-steps.md), each set by the
    // step that learns it: the commit to apply, the run's report, the validated snapshot, the plan, and
    // the `apply --stage` selection.
    var target: ObjectID?
    var report: RunReport?
    var snapshot: ConfigSnapshot?
    var plan: Plan?
    var selection: StageSelection?
    /// Whether the run handles the tracked commit (false at a watermark: `last_target` stays).
    var movesTarget = true
    /// For a run at a watermark: what it re-applies (set by ``atWatermark(_:commit:)``).
    var watermark: WatermarkSelection?
    /// A drift check's outcome so far (set by ``DriftCheckStep``, completed by ``SelfHealStep``).
    var drift: DriftOutcome?
    /// The re-applies the drift check's guard allowed (for ``SelfHealStep``).
    var heals: [HealPlan] = []
    /// The commit a rollback made and pushed (set by ``RollbackCommitStep``).
    var rollback: RollbackCommit?

    var configuration: ReconcilerConfiguration { reconciler.configuration }
    var settings: WatcherSettings { configuration.settings }
    func now() -> Date { configuration.now() }

    init(
        reconciler: Reconciler, id: RunID, triggers: [RunTrigger], options: RunOptions, stop: StopSignal, logger: Logger
    ) throws {
        self.reconciler = reconciler
        self.id = id
        self.triggers = triggers.isEmpty ? [RunTrigger(.manual)] : triggers
        self.options = options
        self.stop = stop
        self.logger = logger
        let configuration = reconciler.configuration
        store = StateStore(stateDirectory: configuration.settings.stateDirectory)
        repository = try ConfigMirror(stateDirectory: configuration.settings.stateDirectory).open()
        ledger = StatusLedger(
            repository: repository, endpoint: configuration.endpoint, branch: configuration.settings.statusBranch,
            author: configuration.author, attempts: configuration.settings.statusPushAttempts)
        state = EngineState(watcher: configuration.identity)
        state = try loadState()
    }

    /// A reconcile, step by step (DESIGN §5; the lock and the cluster lease are held around it by
    /// ``Reconciler``): each step either hands on to the next or ends the run with its result.
    static let reconcile: [any RunStep] = [RecoverInterruptedRunStep(), SuspensionStep(), FetchStep()] + fromFetchedTip

    /// What a reconcile does once the branch is fetched: from "is there anything to do" to the record.
    static let fromFetchedTip: [any RunStep] = [
        ClusterProgressStep(), TargetStep(), StartReportStep(), SignatureStep(), ValidationStep(), PlanStep(),
        ApplyStagesStep(),
    ]

    /// A rollback: the rollback commit in place of the fetch, then the reconcile that applies it.
    static func rollback(_ request: RollbackRequest, author: Signature?) -> [any RunStep] {
        [RecoverInterruptedRunStep(), SuspensionStep(), RollbackCommitStep(request: request, author: author)]
            + fromFetchedTip
    }

    /// Runs `steps` in order until one ends the run; never throws (a step that throws ends it as
    /// `failedToStart`, nothing applied after that point).
    mutating func execute(_ steps: [any RunStep] = Self.reconcile) async -> RunResult {
        do {
            return try await perform(steps)
        } catch {
            logger.error("run failed: \(error)")
            configuration.events.record(.runAborted(id: id, message: "\(error)"))
            return RunResult(id: id, outcome: .failedToStart("\(error)"), warnings: warnings, fetch: fetch)
        }
    }

    /// Runs every step of a list whose result is in the context (a drift check's `drift`), unless one ends
    /// the run early; a step's error is thrown.
    mutating func complete(_ steps: [any RunStep]) async throws {
        for step in steps {
            if case .done = try await step.run(&self) { return }
        }
    }

    /// Runs `steps` in order until one ends the run; a step's error is thrown.
    mutating func perform(_ steps: [any RunStep]) async throws -> RunResult {
        for step in steps {
            if case .done(let result) = try await step.run(&self) { return result }
        }
        throw StepOrderError("no step ended the run (\(steps.map(\.name).joined(separator: ", ")))")
    }

    /// The target a step needs (set by ``TargetStep``).
    func requireTarget() throws -> ObjectID {
        guard let target else { throw StepOrderError("no target yet") }
        return target
    }

    /// The report a step needs (set by ``StartReportStep``).
    func requireReport() throws -> RunReport {
        guard let report else { throw StepOrderError("no report yet") }
        return report
    }

    /// Sets the gauges from the saved state: how many stages failed in their last run, and the commit
    /// time of the last target applied successfully. Done on idle polls too, so a restarted watcher
    /// reports them after its first poll instead of a zero that looks like an outage.
    func reportGauges() {
        let failing = configuration.catalogue.ids.filter { state.stage($0).lastResult?.result == .failed }
        configuration.metrics.stagesFailing(failing.count)
        if state.lastTargetResult == .succeeded, let target = state.lastTarget,
            let commit = try? repository.commit(target)
        {
            configuration.metrics.lastAppliedCommit(at: commit.committer.date)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    // MARK: - State

    /// state.json, or (when missing or unreadable) this watcher's watermarks from the status branch.
    private func loadState() throws -> EngineState {
        do {
            if var saved = try store.load() {
                saved.watcher = configuration.identity
                return saved
            }
        } catch {
            let moved = store.quarantine(now: now())
            logger.warning("state unreadable (\(error)); moved to \(moved?.path ?? "nowhere"); rebuilding")
        }
        var rebuilt = EngineState(watcher: configuration.identity)
        do {
            if let document = try ledger.latestDocument(fetch: options.fetch),
                let entry = document.entry(for: configuration.identity.id)
            {
                // Digests only: the ledger is writable by whoever can push to the status branch, so
                // its file lists are never trusted for removal (a forged entry must not delete files).
                rebuilt.suspension = entry.suspension
                rebuilt.stages = entry.stages.map { stage in
                    var stage = stage
                    stage.artifactsFromLedger = true
                    return stage
                }
                logger.notice(
                    "state rebuilt from the status branch",
                    metadata: ["stages": "\(entry.stages.count)", "last_commit": "\(entry.lastCommit?.short ?? "-")"])
            } else {
                logger.notice("no state and no entry on the status branch: starting fresh")
            }
        } catch {
            logger.warning("cannot read the status branch to rebuild state (\(error)); starting fresh")
        }
        try store.save(rebuilt)
        return rebuilt
    }

    /// A run that was in progress when the process died is recorded as interrupted (once).
    mutating func recoverInterruptedRun() throws {
        guard var interrupted = state.inProgress else { return }
        interrupted.result = .interrupted
        interrupted.finishedAt = interrupted.finishedAt ?? now()
        interrupted.errors.append(
            "the process stopped during this run (killed or crashed); run \(id) resumed from the saved stage watermarks")
        state.pendingReports.append(interrupted)
        state.inProgress = nil
        try store.save(state)
        logger.notice("recorded interrupted run \(interrupted.id)")
    }

    // MARK: - Target and idleness

    func resolveTarget() throws -> ObjectID {
        if let revision = options.revision {
            do {
                return try repository.resolve(revision)
            } catch {
                if !revision.hasPrefix("refs/"),
                    let tracked = try? repository.resolve(ConfigMirror.trackingReference(revision))
                {
                    return tracked
                }
                throw EngineError.unknownRevision(revision, message: error.message)
            }
        }
        let reference = ConfigMirror.trackingReference(settings.branch)
        do {
            if let tip = try repository.reference(named: reference) { return tip }
        } catch {
            throw EngineError.gitFailure("read \(reference)", error)
        }
        throw EngineError.git(
            operation: "resolve \(settings.branch)",
            message: "branch '\(settings.branch)' has not been fetched yet (run without --no-fetch once)")
    }

    /// Whether this call must plan: a new commit, a stage never attempted, or a retry that is due.
    /// An idle poll stops here, after one fetch negotiation.
    func workIsDue(_ target: ObjectID) -> Bool {
        // `apply --stage` asks for those stages whatever the state says.
        if options.stages != nil { return true }
        guard state.lastTarget == target else { return true }
        if let last = state.lastTargetResult, [.invalid, .rejected, .error].contains(last) {
            return options.ignoreBackoff
        }
        let time = now()
        for stage in configuration.catalogue.ids {
            let saved = state.stage(stage)
            guard saved.appliedCommit != target else { continue }
            if saved.lastResult == nil { return true }
            if saved.needsRetry, !saved.waitsForNewCommit || options.ignoreBackoff,
                options.ignoreBackoff || (saved.retryAfter ?? .distantPast) <= time
            {
                return true
            }
        }
        return false
    }

    /// Why `target`, with nothing to do now, is still not applied; nil when it is. A refused tip (invalid
    /// configuration, rejected signature, engine error) waits for a new commit, failed stages for their
    /// retry: either way a caller (cron, CI, an operator) must hear it, not "already applied"
    /// (docs/adr/0046-a-refused-tip-is-not-applied.md).
    func unappliedTip(_ target: ObjectID) -> String? {
        guard state.lastTarget == target else { return nil }
        let run = state.lastTargetRun.map { " (run \($0))" } ?? ""
        let problem = state.lastTargetProblem.map { ": \($0)" } ?? ""
        switch state.lastTargetResult {
        case .invalid:
            return "\(target.short) is invalid\(run)\(problem); push a fix"
        case .rejected:
            return "\(target.short) is refused by the signature policy\(run)\(problem); push a signed commit"
        case .error:
            return "\(target.short) could not be applied\(run)\(problem); `phoenix-gitops apply` tries again"
        default:
            break
        }
        let unapplied = configuration.catalogue.ids.compactMap { id -> StageState? in
            let saved = state.stage(id)
            return saved.appliedCommit != target && saved.needsRetry ? saved : nil
        }
        guard !unapplied.isEmpty else { return nil }
        // A permanent failure waits for a new commit, the others for their retry (ADR 0049).
        let broken = unapplied.filter(\.waitsForNewCommit)
        let waiting = unapplied.filter { !$0.waitsForNewCommit }
        var parts: [String] = []
        if !broken.isEmpty {
            let names = broken.map { "\($0.stage) \($0.lastResult?.result == .skipped ? "skipped" : "failed")" }
            let message = broken.first { $0.lastResult?.result == .failed }?.lastResult?.message.map { " (\($0))" } ?? ""
            parts.append(
                "\(names.joined(separator: ", "))\(run)\(message): "
                    + "\(broken.count == 1 ? "it waits" : "they wait") for a new commit; push a fix")
        }
        if !waiting.isEmpty {
            let names = waiting.map(\.stage.rawValue).joined(separator: ", ")
            let next = waiting.compactMap(\.retryAfter).min().map { " until \(Timestamp.format($0))" } ?? ""
            parts.append(
                "\(names) failed\(run) and wait\(waiting.count == 1 ? "s" : "") for a retry\(next)\(problem); "
                    + "`phoenix-gitops apply` retries now")
        }
        return "\(target.short) is not fully applied: " + parts.joined(separator: "; ")
    }
}
