import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixStages

extension RunInProgress {
    /// One drift check under the lock: compare, let the anti-flapping guard decide what self-heal may
    /// re-apply, queue a status-branch record when the drift found is new, and remember the report.
    /// Returns the report and the re-applies to run (the caller runs them, each as a run of its own).
    mutating func checkDrift(_ options: DriftOptions) async throws -> (report: DriftReport, heals: [HealPlan]) {
        let started = now()
        let clock = ContinuousClock()
        let start = clock.now
        let lineLogger = logger
        var checker = driftChecker(now: started, log: { lineLogger.info("\($0)") })
        let events = configuration.events
        let checkID = id
        checker.checked = { stage in
            events.record(.stageChecked(id: checkID, stage: stage.stage, state: stage.status, items: stage.items.count))
        }
        let (stages, errors) = await checker.check(state, only: options.only)
        var report = DriftReport(id: id, checkedAt: started, selfHeal: options.heal, stages: stages, errors: errors)

        var memory = state.drift ?? DriftMemory()
        let guardian = DriftGuard(settings: settings)
        let resumed = Set(memory.suspensions.map(\.stage))
        for line in guardian.refresh(&memory, report: report, now: started) { logger.notice("\(line)") }
        for stage in resumed.subtracting(memory.suspensions.map(\.stage)) {
            if let index = report.stages.firstIndex(where: { $0.stage == stage }) {
                report.stages[index].notes.append("self-heal resumed: the suspension no longer applies")
            }
        }
        var plans: [ObjectID: HealPlan] = [:]
        for index in report.stages.indices where report.stages[index].status == .drifted {
            let stage = report.stages[index]
            if options.heal, let suspension = state.suspension {
                // An operator stopped reconciliation: drift is reported, nothing is re-applied.
                report.stages[index].heal = HealNote(
                    action: .suspended, message: "not healed: reconciliation is \(suspension.summary)")
                continue
            }
            guard options.heal, let commit = stage.commit else {
                if let suspension = memory.suspension(of: stage.stage) {
                    report.stages[index].heal = HealNote(
                        action: .suspended, message: suspension.message(windowSeconds: guardian.windowSeconds))
                }
                continue
            }
            switch guardian.decide(stage, memory: &memory, now: started, force: options.force) {
            case .heal:
                var plan = plans[commit] ?? HealPlan(runID: .make(), commit: commit, stages: [], reasons: [:])
                plan.stages.insert(stage.stage)
                plan.reasons[stage.stage] = stage.drifted.map { "drift: \($0.key): \($0.message)" }
                plans[commit] = plan
                report.stages[index].heal = HealNote(
                    action: .reapplied, runID: plan.runID,
                    message: "re-applied from its watermark \(commit.short) by run \(plan.runID)")
            case .suspended(let suspension):
                let message = suspension.message(windowSeconds: guardian.windowSeconds)
                report.stages[index].heal = HealNote(action: .suspended, message: message)
                logger.warning("\(message)")
                if suspension.since == started {
                    configuration.events.record(
                        .selfHealStopped(suspension, message: configuration.driver.redactor.text(message), check: id))
                }
            }
        }
        report.durationSeconds = Self.seconds(clock.now - start)
        report = report.redacted(using: configuration.driver.redactor)
        // What leaves this process (state.json, the status branch, /status) carries no file content.
        let stored = report.withoutContents

        let fingerprint = report.fingerprint
        if fingerprint.isEmpty {
            memory.recordedFingerprint = nil
        } else if fingerprint != memory.recordedFingerprint, options.record {
            state.pendingReports.append(try record(stored))
            memory.recordedFingerprint = fingerprint
            configuration.events.record(.driftDetected(report))
        }
        memory.lastCheck = stored
        state.drift = memory
        try store.save(state)
        logger.log(
            level: report.status == .drifted ? .warning : .info, "drift checked",
            metadata: [
                "status": "\(report.status.rawValue)",
                "drifted": "\(report.stages(.drifted).map(\.stage.rawValue).joined(separator: ","))",
                "unknown": "\(report.stages(.unknown).count)",
            ])
        return (report, plans.values.sorted { $0.commit.hex < $1.commit.hex })
    }

    /// A drift checker over this run's mirror, with the watcher's stage settings, node selection and parse
    /// cache (the drift check and the time-driven run's due check share it).
    func driftChecker(now: Date, log: @escaping @Sendable (String) -> Void) -> DriftChecker {
        var checker = DriftChecker(
            repository: repository, catalogue: configuration.catalogue, settings: settings.stages,
            layout: settings.layout, driver: configuration.driver, now: now, log: log)
        let watcherSettings = settings
        checker.selection = { watcherSettings.hostSelection(for: $0) }
        checker.documents = configuration.documents
        return checker
    }

    /// The status-branch record of a drift check: a report with trigger `drift`, result `drifted`, no
    /// stages, and the drift report.
    private func record(_ drift: DriftReport) throws -> RunReport {
        let commit = state.lastTarget ?? drift.stages.compactMap(\.commit).first
        let source = try commit.map { try self.source(of: $0) }
            ?? SourceInfo(repository: configuration.endpoint.displayURL, branch: settings.branch)
        var report = RunReport(
            id: drift.id, watcher: configuration.identity, trigger: triggers[0], startedAt: drift.checkedAt,
            source: source, previousCommit: state.lastTarget)
        report.result = .drifted
        report.finishedAt = drift.checkedAt.addingTimeInterval(drift.durationSeconds)
        report.durationSeconds = drift.durationSeconds
        report.errors = drift.errors
        report.drift = drift
        return report.redacted(using: configuration.driver.redactor)
    }
}

extension RunInProgress {
    /// Writes the heal runs' results into the remembered report, and forgets the recorded drift when a
    /// heal succeeded (so the next drift of it is recorded again). The heals saved the state themselves
    /// (each a run of its own), so it is read again first: the run in progress stays the one writer.
    mutating func rememberHeals(_ heals: [RunResult], in report: DriftReport) throws -> DriftReport {
        guard let saved = try store.load() else { return report }
        state = saved
        var updated = report
        var anyHealed = false
        for index in updated.stages.indices {
            guard let runID = updated.stages[index].heal?.runID else { continue }
            let run = heals.first { $0.id == runID }
            let result = run?.report?.stages.first { $0.stage == updated.stages[index].stage }?.result
            updated.stages[index].heal?.result = result
            if result == .succeeded { anyHealed = true }
            if result == nil, let run { updated.stages[index].heal?.message += " (\(run.outcome))" }
        }
        var memory = state.drift ?? DriftMemory()
        memory.lastCheck = updated
        if anyHealed { memory.recordedFingerprint = nil }
        state.drift = memory
        try store.save(state)
        return updated
    }
}
