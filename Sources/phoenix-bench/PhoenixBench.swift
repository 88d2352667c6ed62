import ArgumentParser
import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixStages

/// `phoenix-bench`: the planner benchmark of docs/benchmarks.md. Generates a synthetic configuration
/// repository (two commits: the configuration, then one changed key) and plans the second commit.
///
/// `--quick` uses a small configuration and checks the plan's stages, for CI. The wall time and peak
/// memory of the real command are measured with `/usr/bin/time -v phoenix-gitops plan --repo DIR` on a
/// repository made with `--generate-only --out DIR`.
@main
struct PhoenixBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phoenix-bench",
        abstract: "Benchmark the planner on a synthetic configuration with one changed key."
    )

    @Flag(help: "A small configuration (500 LXCs, 100 VMs, 50 stacks) and a check of the plan; for CI.")
    var quick = false

    @Option(help: "Total LXCs (default 5000; the example's 5 included).")
    var lxcs: Int?

    @Option(help: "Total VMs (default 1000; the example's 3 included).")
    var vms: Int?

    @Option(help: "Total stacks (default 500; the example's 3 included).")
    var stacks: Int?

    @Option(help: "Write the repository here (kept); default: a temporary folder, removed afterwards.")
    var out: String?

    @Flag(name: .customLong("generate-only"), help: "Only generate the repository (with --out), do not plan.")
    var generateOnly = false

    func validate() throws {
        if generateOnly && out == nil { throw ValidationError("--generate-only needs --out") }
    }

    func run() throws {
        let config = SyntheticConfig(
            lxcs: lxcs ?? (quick ? 500 : 5_000), vms: vms ?? (quick ? 100 : 1_000), stacks: stacks ?? (quick ? 50 : 500))
        let folder = out.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("phoenix-bench-\(UUID().uuidString)")
        defer { if out == nil { try? FileManager.default.removeItem(at: folder) } }

        let generation = Date()
        let (repository, base, target) = try generate(config, at: folder)
        print("generated \(config.lxcs) LXCs, \(config.vms) VMs, \(config.stacks) stacks in \(folder.path) "
            + "(\(seconds(since: generation)) s); one key changed: /lxc_configs/\(config.changedLXC)/network_config/ip")
        guard !generateOnly else {
            print("measure: /usr/bin/time -v phoenix-gitops plan --repo \(folder.path)")
            return
        }

        let planner = Planner(catalogue: .standard, settings: StageSettings())
        let start = Date()
        let plan = try planner.plan(repository: repository, target: target, bases: PlanBases(fallback: base))
        let elapsed = seconds(since: start)
        let run = plan.stagesToRun.map(\.id.rawValue)
        let identical = plan.stages.filter { $0.decision == .skipIdenticalOutput }.map(\.id.rawValue)
        print("plan: \(elapsed) s in process; changed files \(plan.changes.files.count); "
            + "run \(run); skip-identical-output \(identical); notices \(plan.notices.count)")
        print("peak resident memory: \(peakResidentMegabytes()) MiB")
        try breakdown(repository: repository, base: base, target: target)
        if quick {
            // The moved LXC publishes a Traefik service: its route changes; nothing else may run.
            guard Set(run) == ["traefik"] || Set(run) == ["dns", "traefik"] else {
                throw BenchError("unexpected stages for one moved IP: \(run)")
            }
            print("quick check passed")
        }
    }

    /// Times the parts of a plan one by one (each is also inside the plan above).
    private func breakdown(repository: Repository, base: ObjectID, target: ObjectID) throws {
        var parts: [String] = []
        func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = Date()
            let result = try body()
            parts.append("\(name) \(seconds(since: start))")
            return result
        }
        let report = time("validate target") { ConfigValidator.validate(source: GitConfigSource(repository: repository, commit: target)) }
        _ = try time("change set") { try ChangeSet.between(base, target, in: repository, layout: .default) }
        let baseLoad = time("load base") { ConfigLoader.load(from: GitConfigSource(repository: repository, commit: base)) }
        guard let snapshot = report.snapshot, let baseSnapshot = baseLoad.snapshot else { throw BenchError("no snapshot") }
        for stage in StageCatalogue.standard.stages {
            _ = time("render \(stage.id)") { stage.render(snapshot, settings: StageSettings()) }
        }
        _ = baseSnapshot
        print("breakdown (s): " + parts.joined(separator: ", "))
    }

    /// Writes the two commits with libgit2 (no working tree).
    private func generate(_ config: SyntheticConfig, at folder: URL) throws -> (Repository, ObjectID, ObjectID) {
        let repository = try Repository.create(at: folder, bare: true)
        let author = Signature(name: "phoenix-bench", email: "bench@example.invalid", date: Date(timeIntervalSince1970: 1_700_000_000))
        let files = try config.baseFiles()
        let base = try repository.commitFiles(
            files.mapValues { FileChange.write($0) }, onto: "refs/heads/main", expectedTip: nil, message: "synthetic configuration",
            author: author)
        let target = try repository.commitFiles(
            try config.changedFiles(from: files).mapValues { FileChange.write($0) }, onto: "refs/heads/main", expectedTip: base,
            message: "move one LXC", author: author)
        return (repository, base, target)
    }

    private func seconds(since start: Date) -> String {
        String(format: "%.3f", Date().timeIntervalSince(start))
    }

    /// Peak resident set size of this process (`VmHWM` on Linux), in MiB; 0 when unknown.
    private func peakResidentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
