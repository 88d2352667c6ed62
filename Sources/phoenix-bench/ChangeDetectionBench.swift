import Foundation
import PhoenixGit

/// Benchmark 1: which files changed between two commits of a 10,000-file repository (packed, as a
/// clone or mirror is), one file apart.
/// Ours: `Repository.diff` in process (libgit2 tree-to-tree, rename detection on), on a repository
/// the watcher keeps open; also with the open included. Baseline: `git diff --name-only A B` as a
/// subprocess, the way the original scripts and most tools do it. Both must name the same file.
struct ChangeDetectionBench {
    var options: BenchOptions

    /// Files in the repository.
    var fileCount: Int { options.quick ? 2_000 : 10_000 }

    func run() throws -> BenchReport {
        let bench = try BenchRepository(prefix: "phoenix-bench-changes")
        defer { bench.remove() }
        var random = SeededGenerator(seed: options.seed)
        let (files, stackCount) = try Self.files(count: fileCount, random: &random)
        let base = try bench.commit(files, parent: nil, message: "\(files.count) files")
        let changedPath = "stacks/\(Self.stackName(Int.random(in: 0..<max(1, stackCount), using: &random)))/docker-compose.yml"
        guard var changed = files[changedPath] else { throw BenchError("no file \(changedPath) to change") }
        changed.append(contentsOf: Data("# one more line\n".utf8))
        let target = try bench.commit([changedPath: changed], parent: base, message: "one changed file", index: 1)
        // A clone or a fetched mirror holds its objects in a pack, not as 10,000 loose files.
        _ = try Subprocess(argv: ["git", "--git-dir=\(bench.folder.path)", "repack", "-a", "-d", "-q"], environment: bench.gitEnvironment)
            .check()

        // Correctness first: both name exactly the changed file.
        let ours = try bench.repository.diff(from: base, to: target).changedPaths
        let git = Subprocess(
            argv: ["git", "--git-dir=\(bench.folder.path)", "diff", "--name-only", base.description, target.description],
            environment: bench.gitEnvironment)
        let theirs = String(decoding: try git.check().stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        guard ours == [changedPath], theirs == [changedPath] else {
            throw BenchError("changed files differ: PhoenixGit \(ours), git \(theirs), expected [\(changedPath)]")
        }

        let count = options.count * 3  // cheap measurements: more samples for a steadier median
        let inProcess = try Samples.time(count: count) { _ = try bench.repository.diff(from: base, to: target) }
        let withOpen = try Samples.time(count: count) {
            _ = try Repository.open(at: bench.folder).diff(from: base, to: target)
        }
        let subprocess = try Samples.time(count: count) { _ = try git.check() }

        let label = "1. changes (\(Format.count(files.count)) files, 1 changed)"
        var report = BenchReport()
        report.rows.append(row(label, "changed paths, repository open (the watcher's case)", inProcess, subprocess))
        report.rows.append(row(label, "changed paths, including opening the repository", withOpen, subprocess))
        report.checks.append("changes: PhoenixGit and `git diff --name-only` both report exactly \(changedPath)")
        return report
    }

    private func row(_ label: String, _ measure: String, _ ours: Samples, _ baseline: Samples) -> ResultRow {
        let ratio = baseline.median / ours.median
        return ResultRow(
            benchmark: label, measure: measure, ours: Format.median(ours), baseline: Format.median(baseline),
            ratio: Format.ratio(ratio), loses: ratio < 1)
    }

    /// The example's config files plus stack folders (compose file, manifest, env file, readme) up
    /// to `count` files, with seeded variations.
    /// - Returns: the files and the number of complete synthetic stacks.
    static func files(count: Int, random: inout SeededGenerator) throws -> (files: [String: Data], stacks: Int) {
        var files = try SyntheticConfig(lxcs: 0, vms: 0, stacks: 0).exampleFiles()
        var index = 0
        while files.count < count {
            let name = stackName(index / 4)
            let text: String
            let path: String
            switch index % 4 {
            case 0:
                path = "stacks/\(name)/docker-compose.yml"
                text = """
                    version: "3.8"
                    services:
                      app:
                        image: registry.lab.phoenix.test/\(name):1.\(Int.random(in: 0..<40, using: &random))
                        deploy:
                          replicas: \(Int.random(in: 1...3, using: &random))

                    """
            case 1:
                path = "stacks/\(name)/phoenix.json"
                text = "{\"description\": \"synthetic stack \(name)\", \"environments\": {\"production\": {}}}\n"
            case 2:
                path = "stacks/\(name)/configs/app.env"
                text = "LOG_LEVEL=\(["debug", "info", "warn"][Int.random(in: 0..<3, using: &random)])\nWORKERS=\(Int.random(in: 1...16, using: &random))\n"
            default:
                path = "stacks/\(name)/README.md"
                text = "# \(name)\n\nA synthetic stack of the change-detection benchmark.\n"
            }
            files[path] = Data(text.utf8)
            index += 1
        }
        return (files, index / 4)
    }

    static func stackName(_ index: Int) -> String { String(format: "svc%05d", index) }
}
