import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// Benchmark 4: the work a scripted history of everyday commits on the example configuration costs.
///
/// - phoenix-gitops: each commit is planned from the previous one with the applied digests (as the
///   reconciler does) and only the stages to run are applied.
/// - `phoenix sync`: every stage on every commit, with nothing remembered: each commit's stages are
///   applied to a target that has nothing of ours yet, so every file is written and every command
///   issued, as the script rewrites and re-runs everything.
/// - In between, for reference: every stage on every commit through our idempotent applies (they
///   skip equal files), which isolates what the planner saves from what the applies save.
///
/// The host is an in-memory recording driver, so writes and commands are counted, not timed. After
/// every commit the planned target must hold exactly the files of the every-stage target.
struct WorkAvoidedBench {
    var options: BenchOptions

    var commits: Int { options.quick ? 25 : 120 }

    func run() async throws -> BenchReport {
        let bench = try BenchRepository(prefix: "phoenix-bench-history")
        defer { bench.remove() }
        let example = try SyntheticConfig(lxcs: 0, vms: 0, stacks: 0).exampleFiles()
        let steps = try HistoryScript.make(commits: commits, seed: options.seed, files: example)
        var ids = [try bench.commit(example, parent: nil, message: "example configuration")]
        for (index, step) in steps.enumerated() {
            ids.append(try bench.commit(step.files, parent: ids.last, message: step.message, index: index + 1))
        }
        let repository = bench.repository
        let settings = StageSettings()
        let planner = Planner(catalogue: .standard, settings: settings)
        let all = Set(StageCatalogue.standard.ids)

        // Both persistent targets start from a first full apply of the initial commit (not counted).
        let first = try snapshot(ids[0], repository)
        let caPath = first.hypervisor.stepCA?.rootCAPath ?? "/mnt/pve/quickOS/lxc-persistent-data/230/ssl/phoenix_root_ca.crt"
        let planned = await SimulatedTarget(caRootPath: caPath)
        let everyStage = await SimulatedTarget(caRootPath: caPath)
        for target in [planned, everyStage] {
            try await target.apply(all, renders: renders(planner, first), snapshot: first, settings: settings)
        }
        let start = (planned: await counters(planned), every: await counters(everyStage), runs: (planned.executions, everyStage.executions))

        var sync = (executions: 0, writes: 0, commands: 0, reads: 0)
        let clock = ContinuousClock()
        var plannedTime = Duration.zero
        var everyTime = Duration.zero
        var kinds: [StageDecision: Int] = [:]
        for index in 1..<ids.count {
            let (base, commit) = (ids[index - 1], ids[index])
            var began = clock.now
            let plan = try planner.plan(
                repository: repository, target: commit, bases: PlanBases(fallback: base), applied: planned.applied,
                includeBaseContents: false)
            var toRun: [StageID: Render] = [:]
            for stage in plan.stages {
                kinds[stage.decision, default: 0] += 1
                guard let render = stage.render else { continue }
                if stage.decision == .run { toRun[stage.id] = render } else { planned.record(stage.id, render) }
            }
            // The applies need the snapshot (the planner validated it already; the reconciler keeps it).
            if !toRun.isEmpty {
                try await planned.apply(Set(toRun.keys), renders: toRun, snapshot: try snapshot(commit, repository), settings: settings)
            }
            plannedTime += clock.now - began

            began = clock.now
            let snapshot = try snapshot(commit, repository)
            let everyRenders = renders(planner, snapshot)
            try await everyStage.apply(all, renders: everyRenders, snapshot: snapshot, settings: settings)
            everyTime += clock.now - began

            let fresh = await SimulatedTarget(caRootPath: caPath)
            try await fresh.apply(all, renders: everyRenders, snapshot: snapshot, settings: settings)
            let counted = await counters(fresh)
            sync = (
                sync.executions + fresh.executions, sync.writes + counted.writes, sync.commands + counted.commands,
                sync.reads + counted.reads
            )

            guard await planned.files() == everyStage.files() else {
                throw BenchError("work-avoided: after commit \(index) (\(steps[index - 1].message)) the planned target differs from the every-stage target")
            }
        }
        let ours = await counters(planned)
        let every = await counters(everyStage)
        let oursRuns = planned.executions - start.runs.0
        let oursWrites = ours.writes - start.planned.writes
        let oursCommands = ours.commands - start.planned.commands
        let everyWrites = every.writes - start.every.writes
        let everyCommands = every.commands - start.every.commands
        let oursReads = ours.reads - start.planned.reads
        let everyReads = every.reads - start.every.reads

        let label = "4. work-avoided (\(steps.count) commits on the example)"
        var report = BenchReport()
        report.rows += [
            row(label, "stage executions (baseline: phoenix sync, every stage every commit)", oursRuns, sync.executions),
            row(label, "host file writes (baseline: phoenix sync rewrites every file)", oursWrites, sync.writes),
            row(label, "host commands (baseline: phoenix sync re-runs every reload, deploy, issue)", oursCommands, sync.commands),
            row(label, "host file writes (baseline: every stage, our idempotent applies)", oursWrites, everyWrites),
            row(label, "host commands (baseline: every stage, our idempotent applies)", oursCommands, everyCommands),
            row(label, "host reads and listings (baseline: every stage, our idempotent applies)", oursReads, everyReads),
            ResultRow(
                benchmark: label, measure: "wall time of the whole history, plan + apply (baseline: render + apply every stage)",
                ours: Format.duration(plannedTime.seconds), baseline: Format.duration(everyTime.seconds),
                ratio: Format.ratio(everyTime.seconds / plannedTime.seconds), loses: everyTime < plannedTime),
        ]
        let mix = Dictionary(grouping: steps, by: \.kind).map { "\($0.key.rawValue) \($0.value.count)" }.sorted().joined(separator: ", ")
        report.checks.append(
            "work-avoided: after each of the \(steps.count) commits the planned target holds exactly the files of the every-stage target; no stage failed")
        report.notes.append("work-avoided: commit mix (seed \(options.seed)): \(mix)")
        report.notes.append(
            "work-avoided: plan decisions over the history: "
                + StageDecision.allCases.map { "\($0.rawValue) \(kinds[$0] ?? 0)" }.joined(separator: ", "))
        return report
    }

    private func row(_ label: String, _ measure: String, _ ours: Int, _ baseline: Int) -> ResultRow {
        let ratio = ours == 0 ? Double.infinity : Double(baseline) / Double(ours)
        return ResultRow(
            benchmark: label, measure: measure, ours: Format.count(ours), baseline: Format.count(baseline),
            ratio: ours == 0 ? "∞" : Format.ratio(ratio), loses: ratio < 1)
    }

    /// Writes (and removals), commands, and reads (and listings) so far; each is a `pct`/`qm` call or
    /// a file operation on a real host.
    private func counters(_ target: SimulatedTarget) async -> (writes: Int, commands: Int, reads: Int) {
        let operations = await target.driver.operations
        var counts = (writes: 0, commands: 0, reads: 0)
        for operation in operations {
            switch operation {
            case .write, .remove: counts.writes += 1
            case .run: counts.commands += 1
            case .read, .list: counts.reads += 1
            case .guestState: break
            }
        }
        return counts
    }

    private func snapshot(_ commit: ObjectID, _ repository: Repository) throws -> ConfigSnapshot {
        let report = ConfigValidator.validate(source: GitConfigSource(repository: repository, commit: commit))
        guard !report.hasErrors, let snapshot = report.snapshot else {
            throw BenchError("work-avoided: commit \(commit.short) is invalid: \(report.diagnostics.filter { $0.severity == .error }.map(\.message).prefix(3))")
        }
        return snapshot
    }

    private func renders(_ planner: Planner, _ snapshot: ConfigSnapshot) -> [StageID: Render] {
        Dictionary(uniqueKeysWithValues: planner.renderAll(snapshot).map { ($0.stage, $0) })
    }
}
