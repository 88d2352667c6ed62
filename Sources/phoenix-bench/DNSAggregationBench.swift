import Foundation
import PhoenixCore
import PhoenixStages

/// Benchmark 2: the DNS records of 5,000 LXCs, 1,000 VMs and 500 stacks. Ours: load the files the
/// records depend on from a folder and render the `dns` stage, in process. Baseline: the jq program
/// `Benchmarks/baseline/dns-records.jq` (the same aggregation, as `phoenix sync` did it in jq) as a
/// subprocess over the same files. Both must print the same `address=` lines.
struct DNSAggregationBench {
    var options: BenchOptions

    var config: SyntheticConfig {
        options.quick ? SyntheticConfig(lxcs: 500, vms: 100, stacks: 50) : SyntheticConfig(lxcs: 5_000, vms: 1_000, stacks: 500)
    }

    func run() throws -> BenchReport {
        let config = config
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phoenix-bench-dns-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Only what the records are made of: the four config files and the stack manifests.
        let inputs = try config.baseFiles().filter { path, _ in
            path.hasPrefix("config/phoenix_") || (path.hasPrefix("stacks/") && path.hasSuffix("/phoenix.json"))
        }
        for (path, bytes) in inputs {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: url)
        }
        let settings = StageSettings()
        let jq = try jqCommand(folder: folder, inputs: Array(inputs.keys))

        // Correctness: the same records, line for line.
        let ours = try render(folder: folder, settings: settings)
        let theirs = String(decoding: try jq.check().stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        guard ours == theirs else {
            let onlyOurs = Set(ours).subtracting(theirs).sorted().prefix(3)
            let onlyTheirs = Set(theirs).subtracting(ours).sorted().prefix(3)
            throw BenchError(
                "dns: renderer and jq disagree (\(ours.count) vs \(theirs.count) records); only ours: \(Array(onlyOurs)), only jq: \(Array(onlyTheirs))")
        }
        guard ours.count > config.lxcs else { throw BenchError("dns: only \(ours.count) records for \(config.lxcs) LXCs") }
        let corpusCheck = try checkCorpus(settings: settings)

        let count = options.count
        let endToEnd = try Samples.time(count: count) { _ = try render(folder: folder, settings: settings) }
        let snapshot = try load(folder: folder)
        let stage = DNSStage()
        let renderOnly = Samples.time(count: count) { _ = stage.render(snapshot, settings: settings) }
        let baseline = try Samples.time(count: count) { _ = try jq.check() }

        let label = "2. dns (\(Format.count(config.lxcs)) LXCs, \(Format.count(config.vms)) VMs, \(Format.count(config.stacks)) stacks)"
        let ratio = baseline.median / endToEnd.median
        var report = BenchReport()
        report.rows.append(
            ResultRow(
                benchmark: label, measure: "records from the files on disk (read, parse, aggregate)",
                ours: Format.median(endToEnd), baseline: Format.median(baseline), ratio: Format.ratio(ratio), loses: ratio < 1))
        let renderRatio = baseline.median / renderOnly.median
        report.rows.append(
            ResultRow(
                benchmark: label, measure: "aggregation only, snapshot already loaded (the planner's case)",
                ours: Format.median(renderOnly), baseline: Format.median(baseline), ratio: Format.ratio(renderRatio),
                loses: renderRatio < 1))
        report.checks.append(
            "dns: the renderer and Benchmarks/baseline/dns-records.jq produce the same \(Format.count(ours.count)) records, byte for byte")
        if let corpusCheck { report.checks.append(corpusCheck) }
        return report
    }

    /// The same comparison on the real corpus (`../shared/corpus/phoenix-real`, legacy role names),
    /// when it is there; nil when it is not.
    private func checkCorpus(settings: StageSettings, filePath: String = #filePath) throws -> String? {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/phoenix-real")
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("config").path) else { return nil }
        let stacks = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("stacks").path)) ?? []
        let manifests = stacks.map { "stacks/\($0)/phoenix.json" }
            .filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
        let ours = try render(folder: root, settings: settings)
        let theirs = String(decoding: try jqCommand(folder: root, inputs: manifests).check().stdout, as: UTF8.self)
            .split(separator: "\n").map(String.init)
        guard ours == theirs else {
            throw BenchError("dns: renderer and jq disagree on the real corpus (\(ours.count) vs \(theirs.count) records)")
        }
        return "dns: they also agree on the real corpus (\(ours.count) records, roles found by their legacy names)"
    }

    /// Loads the folder and renders the records file; its `address=` lines.
    private func render(folder: URL, settings: StageSettings) throws -> [String] {
        let render = DNSStage().render(try load(folder: folder), settings: settings)
        guard !render.hasErrors,
            let records = render.artifacts.first(where: { $0.path == settings.dnsmasqRecords })
        else { throw BenchError("dns: the render failed: \(render.diagnostics.map(\.message).prefix(3))") }
        return String(decoding: records.contents, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    private func load(folder: URL) throws -> ConfigSnapshot {
        let result = ConfigLoader.load(from: FolderSource(root: folder))
        guard let snapshot = result.snapshot else {
            throw BenchError("dns: the synthetic configuration does not load: \(result.diagnostics.map(\.message).prefix(3))")
        }
        return snapshot
    }

    /// `jq -r -n -f dns-records.jq --slurpfile ... <manifests sorted by stack name>`.
    private func jqCommand(folder: URL, inputs: [String]) throws -> Subprocess {
        let program = try Self.baselineFile("dns-records.jq")
        let manifests = inputs.filter { $0.hasPrefix("stacks/") }
            .sorted { $0.split(separator: "/")[1] < $1.split(separator: "/")[1] }
            .map { folder.appendingPathComponent($0).path }
        var argv = ["jq", "-r", "-n", "-f", program.path]
        for (name, file) in [
            ("hv", "phoenix_hypervisor_config.json"), ("lxc", "phoenix_lxc_configs.json"), ("vm", "phoenix_vm_configs.json"),
            ("sc", "phoenix_stacks_config.json"),
        ] {
            argv += ["--slurpfile", name, folder.appendingPathComponent("config/\(file)").path]
        }
        return Subprocess(argv: argv + manifests, environment: nil)
    }

    /// A file of `Benchmarks/baseline/`: found from this source file's location (the package root is
    /// two folders up), else from the current directory.
    static func baselineFile(_ name: String, filePath: String = #filePath) throws -> URL {
        let fromSource = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/baseline/\(name)")
        let fromDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Benchmarks/baseline/\(name)")
        for candidate in [fromSource, fromDirectory] where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        throw BenchError("Benchmarks/baseline/\(name) not found (run from the package root)")
    }
}
