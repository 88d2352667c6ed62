import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner

/// Benchmark 3: the full plan of a one-key change (one LXC's IP) at 100, 1,000 and 10,000 guests.
/// Wall time, CPU time and peak memory are those of a child process running the real
/// `phoenix-gitops plan` (from `wait4`'s rusage of that child); the in-process parts show which
/// costs follow the change (the tree diff) and which follow the configuration (loading, validating,
/// the changed file's parse, the candidate renders).
struct PlanScaleBench {
    var options: BenchOptions

    /// Guest counts (LXCs + VMs); LXCs, VMs and stacks keep the 5,000 : 1,000 : 500 proportions.
    var sizes: [Int] { options.quick ? [100, 1_000] : [100, 1_000, 10_000] }

    static func config(guests: Int) -> SyntheticConfig {
        let lxcs = max(7, guests * 5 / 6)
        return SyntheticConfig(lxcs: lxcs, vms: max(3, guests - lxcs), stacks: max(3, guests / 12))
    }

    func run() throws -> BenchReport {
        let child = PlanChild.locate()
        // Each plan takes seconds in a debug build: quick mode plans once per size unless told otherwise.
        let repetitions = options.quick && options.repetitions == nil ? 1 : options.count
        var report = BenchReport()
        var first: (wall: Double, peak: Double, validate: Double, diff: Double)?
        var exactPeak = true
        for guests in sizes {
            let config = Self.config(guests: guests)
            let bench = try BenchRepository(prefix: "phoenix-bench-scale")
            defer { bench.remove() }
            let files = try config.baseFiles()
            let base = try bench.commit(files, parent: nil, message: "synthetic configuration")
            let target = try bench.commit(try config.changedFiles(from: files), parent: base, message: "move one LXC", index: 1)
            let configBytes = files.filter { $0.key.hasPrefix("config/") }.values.reduce(0) { $0 + $1.count }

            let state = bench.folder.appendingPathComponent("state")
            let command = child.command(repository: bench.folder, stateDirectory: state)
            var wall = Samples()
            var cpu = Samples()
            var peak = Samples()
            for _ in 0..<repetitions {
                let result = try command.check(accepting: [2])  // 2: stages would run
                let output = String(decoding: result.stdout, as: UTF8.self)
                guard output.contains("traefik") else { throw BenchError("plan-scale: the plan does not run traefik:\n\(output.prefix(800))") }
                wall.add(result.wall)
                cpu.add(result.cpu)
                let resident = PlanChild.peakResident(of: result)
                exactPeak = exactPeak && resident.exact
                peak.add(Double(resident.bytes))
            }
            let repository = bench.repository
            let validate = Samples.time(count: repetitions, warmUp: 0) {
                _ = ConfigValidator.validate(source: GitConfigSource(repository: repository, commit: target))
            }
            let changeSet = try Samples.time(count: repetitions, warmUp: 0) {
                _ = try ChangeSet.between(base, target, in: repository, layout: .default)
            }
            let treeDiff = try Samples.time(count: repetitions * 3) { _ = try repository.diff(from: base, to: target) }

            let growth = { (value: Double, reference: Double?) -> String in
                guard let reference, reference > 0, guests != sizes.first else { return "" }
                return String(format: " (×%.1f)", value / reference)
            }
            let label = "3. plan-scale, \(Format.count(guests)) guests (\(Format.count(config.lxcs)) LXCs, \(Format.count(config.vms)) VMs, \(Format.count(config.stacks)) stacks; config \(Format.bytes(Double(configBytes))))"
            report.rows += [
                ResultRow(
                    benchmark: label, measure: "`\(child.name)`, wall (CPU \(Format.duration(cpu.median)))",
                    ours: Format.median(wall) + growth(wall.median, first?.wall)),
                ResultRow(
                    benchmark: label, measure: "`\(child.name)`, peak resident memory",
                    ours: Format.bytes(peak.median) + growth(peak.median, first?.peak)),
                ResultRow(
                    benchmark: label, measure: "in process: load + validate the target (follows the config)",
                    ours: Format.median(validate) + growth(validate.median, first?.validate)),
                ResultRow(
                    benchmark: label, measure: "in process: change set (tree diff, parse the changed file twice, JSON diff)",
                    ours: Format.median(changeSet)),
                ResultRow(
                    benchmark: label, measure: "in process: tree diff alone (follows the change)",
                    ours: Format.median(treeDiff) + growth(treeDiff.median, first?.diff)),
            ]
            if first == nil { first = (wall.median, peak.median, validate.median, treeDiff.median) }
        }
        report.checks.append("plan-scale: at every size the plan exits 2 and runs traefik (the moved LXC publishes a route)")
        report.notes.append(
            "plan-scale: (×N) is the growth against the smallest size; child = \(child.description); wall from spawn to exit, "
                + "CPU from `wait4`, peak memory "
                + (exactPeak
                    ? "from `/usr/bin/time -v` (the child's own maximum resident set size)"
                    : "from `wait4` ru_maxrss, an UPPER BOUND: /usr/bin/time is not installed and Linux counts phoenix-bench's own peak in a spawned child's ru_maxrss"))
        return report
    }
}
