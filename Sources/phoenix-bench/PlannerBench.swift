import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// The planner benchmark of issue #5 (docs/benchmarks.md): a synthetic configuration repository (two
/// commits: the configuration, then one changed key), the plan of the second commit in process, and
/// the time of each part of it. In quick mode it also checks the plan's stages, so a planner that
/// starts selecting too much fails CI.
struct PlannerBench {
    var options: BenchOptions
    var lxcs: Int?
    var vms: Int?
    var stacks: Int?
    /// Keep the repository here instead of a temporary folder.
    var out: String?
    /// Only write the repository.
    var generateOnly = false

    func run() throws -> BenchReport {
        let quick = options.quick
        let config = SyntheticConfig(
            lxcs: lxcs ?? (quick ? 500 : 5_000), vms: vms ?? (quick ? 100 : 1_000), stacks: stacks ?? (quick ? 50 : 500))
        let folder = out.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("phoenix-bench-\(UUID().uuidString)")
        let bench = try BenchRepository(prefix: "phoenix-bench", at: folder)
        defer { if out == nil { bench.remove() } }

        let clock = ContinuousClock()
        let generation = clock.now
        let files = try config.baseFiles()
        let base = try bench.commit(files, parent: nil, message: "synthetic configuration")
        let target = try bench.commit(try config.changedFiles(from: files), parent: base, message: "move one LXC", index: 1)
        print("planner: generated \(config.lxcs) LXCs, \(config.vms) VMs, \(config.stacks) stacks in \(folder.path) "
            + "(\(Format.duration((clock.now - generation).seconds))); one key changed: /lxc_configs/\(config.changedLXC)/network_config/ip")
        var report = BenchReport()
        guard !generateOnly else {
            print("measure: /usr/bin/time -v phoenix-gitops plan --repo \(folder.path)")
            return report
        }

        let repository = bench.repository
        let planner = Planner(catalogue: .standard, settings: StageSettings())
        var plan: Plan?
        let samples = try Samples.time(count: options.count, warmUp: 0) {
            plan = try planner.plan(repository: repository, target: target, bases: PlanBases(fallback: base))
        }
        guard let plan else { throw BenchError("planner: no plan") }
        let run = plan.stagesToRun.map(\.id.rawValue)
        let identical = plan.stages.filter { $0.decision == .skipIdenticalOutput }.map(\.id.rawValue)
        print("planner: changed files \(plan.changes.files.count); run \(run); skip-identical-output \(identical); notices \(plan.notices.count)")
        try breakdown(repository: repository, base: base, target: target)
        // The moved LXC publishes a Traefik service: its route changes; nothing else may run.
        guard Set(run) == ["traefik"] || Set(run) == ["dns", "traefik"] else {
            throw BenchError("planner: unexpected stages for one moved IP: \(run)")
        }
        report.rows.append(
            ResultRow(
                benchmark: "planner (#5: \(Format.count(config.lxcs)) LXCs, \(Format.count(config.vms)) VMs, \(Format.count(config.stacks)) stacks)",
                measure: "plan of one moved IP in process; runs \(run.joined(separator: ", "))", ours: Format.median(samples)))
        report.checks.append("planner: one moved IP runs traefik\(run.contains("dns") ? " and dns" : "") and nothing else")
        let watcher = try watcherPlan(repository: repository, base: base, target: target)
        report.rows.append(
            ResultRow(
                benchmark: "planner (#5: \(Format.count(config.lxcs)) LXCs, \(Format.count(config.vms)) VMs, \(Format.count(config.stacks)) stacks)",
                measure: "the watcher's run of the same commit: validate + plan, warm parse cache, applied digests", ours: Format.median(watcher)))
        return report
    }

    /// What a watcher does for the new commit (issue #16): the previous run left the base's files in its
    /// parse cache and its applied digests in the state; validation once, then the plan without base
    /// renders. A fresh copy of the warm cache per sample, so every sample parses the changed file.
    private func watcherPlan(repository: Repository, base: ObjectID, target: ObjectID) throws -> Samples {
        let settings = StageSettings()
        let warm = ParsedBlobCache()
        let previous = ConfigValidator.validate(
            source: GitConfigSource(repository: repository, commit: base, limits: .default, documents: warm))
        guard let applied = previous.snapshot else { throw BenchError("planner: the base does not load") }
        var digests: [StageID: [AppliedArtifact]] = [:]
        for stage in StageCatalogue.standard.stages { digests[stage.id] = stage.render(applied, settings: settings).applied }
        var decisions: [StageID] = []
        var samples = Samples()
        for _ in 0..<max(1, options.count) {
            let cache = ParsedBlobCache()
            _ = ConfigValidator.validate(
                source: GitConfigSource(repository: repository, commit: base, limits: .default, documents: cache))
            let start = ContinuousClock.now
            let validation = ConfigValidator.validate(
                source: GitConfigSource(repository: repository, commit: target, limits: .default, documents: cache))
            var planner = Planner(catalogue: .standard, settings: settings)
            planner.documents = cache
            let plan = try planner.plan(
                repository: repository, target: target, bases: PlanBases(fallback: nil, perStage: digests.mapValues { _ in base }),
                applied: digests, includeBaseContents: false, validated: validation)
            samples.add((ContinuousClock.now - start).seconds)
            decisions = plan.stagesToRun.map(\.id)
        }
        guard decisions == ["traefik"] || Set(decisions) == ["dns", "traefik"] else {
            throw BenchError("planner: the watcher's plan runs \(decisions)")
        }
        print("planner: the watcher's plan runs \(decisions.map(\.rawValue))")
        return samples
    }

    /// Times the parts of a plan one by one (each is also inside the plan above).
    private func breakdown(repository: Repository, base: ObjectID, target: ObjectID) throws {
        var parts: [String] = []
        let clock = ContinuousClock()
        func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            let result = try body()
            parts.append("\(name) \(Format.duration((clock.now - start).seconds))")
            return result
        }
        let report = time("validate target") { ConfigValidator.validate(source: GitConfigSource(repository: repository, commit: target)) }
        _ = try time("change set") { try ChangeSet.between(base, target, in: repository, layout: .default) }
        _ = time("load base") { ConfigLoader.load(from: GitConfigSource(repository: repository, commit: base)) }
        guard let snapshot = report.snapshot else { throw BenchError("planner: no snapshot") }
        for stage in StageCatalogue.standard.stages {
            _ = time("render \(stage.id)") { stage.render(snapshot, settings: StageSettings()) }
        }
        print("planner breakdown: " + parts.joined(separator: ", "))
    }
}
