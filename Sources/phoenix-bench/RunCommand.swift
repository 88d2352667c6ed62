import ArgumentParser
import Foundation

/// `phoenix-bench [changes|dns|plan-scale|work-avoided|idle-poll|planner|all ...] [--quick] [--repeat N]
/// [--seed S]`: runs the benchmarks named (default: all) and prints one Markdown table of medians and
/// ratios. No figure ever fails the run; a wrong result (the baseline and ours disagree, a stage
/// fails, the planner selects the wrong stages) does, with exit status 1.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run benchmarks (default: all) and print a table of medians and ratios."
    )

    @Argument(help: "Benchmarks to run: changes, dns, plan-scale, work-avoided, idle-poll, planner, or all (default).")
    var benchmarks: [String] = []

    @OptionGroup var options: BenchOptions

    @Option(help: "planner: total LXCs (default 5000; quick 500).")
    var lxcs: Int?

    @Option(help: "planner: total VMs (default 1000; quick 100).")
    var vms: Int?

    @Option(help: "planner: total stacks (default 500; quick 50).")
    var stacks: Int?

    @Option(help: "planner: write its repository here (kept); default: a temporary folder, removed afterwards.")
    var out: String?

    @Flag(name: .customLong("generate-only"), help: "planner: only generate its repository (with --out), do not plan.")
    var generateOnly = false

    func validate() throws {
        if generateOnly && out == nil { throw ValidationError("--generate-only needs --out") }
        _ = try selection()
    }

    /// The benchmarks named, in the canonical order.
    func selection() throws -> [Benchmark] {
        if generateOnly { return [.planner] }
        if benchmarks.isEmpty || benchmarks.contains("all") { return Benchmark.allCases }
        var chosen = Set<Benchmark>()
        for name in benchmarks {
            guard let benchmark = Benchmark(rawValue: name) else {
                throw ValidationError("unknown benchmark \(name); known: \(Benchmark.allCases.map(\.rawValue).joined(separator: ", ")), all")
            }
            chosen.insert(benchmark)
        }
        return Benchmark.allCases.filter(chosen.contains)
    }

    func run() async throws {
        let selected = try selection()
        print("phoenix-bench \(selected.map(\.rawValue).joined(separator: " ")) (\(Machine.build) build\(options.quick ? ", quick" : ""), "
            + "repeat \(options.count), seed \(options.seed))")
        print("machine: \(Machine.summary)")
        var reports: [BenchReport] = []
        let clock = ContinuousClock()
        for benchmark in selected {
            let start = clock.now
            print("running \(benchmark.rawValue) ...")
            let report: BenchReport
            switch benchmark {
            case .changes: report = try ChangeDetectionBench(options: options).run()
            case .dns: report = try DNSAggregationBench(options: options).run()
            case .planScale: report = try PlanScaleBench(options: options).run()
            case .workAvoided: report = try await WorkAvoidedBench(options: options).run()
            case .idlePoll: report = try IdlePollBench(options: options).run()
            case .planner:
                report = try PlannerBench(
                    options: options, lxcs: lxcs, vms: vms, stacks: stacks, out: out, generateOnly: generateOnly
                ).run()
            }
            print("  \(benchmark.rawValue): \(Format.duration((clock.now - start).seconds))")
            reports.append(report)
        }
        if generateOnly { return }
        print("")
        print(ResultTable.markdown(reports))
        let losses = reports.flatMap(\.rows).filter(\.loses)
        if !losses.isEmpty {
            print("")
            print("rows where the baseline wins: \(losses.map { "\($0.benchmark): \($0.measure)" }.joined(separator: "; "))")
        }
    }
}
