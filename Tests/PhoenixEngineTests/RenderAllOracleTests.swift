import Foundation
import PhoenixCore
import PhoenixGit
import PhoenixStages
import PhoenixTesting
import Testing

@testable import PhoenixEngine
@testable import PhoenixPlanner

/// Issue #16, "recall proven": for a seeded sample of single edits of the example and of the three
/// real corpora (a leaf value changed, an array element added or removed, a key renamed, a stack file
/// touched, added or deleted), the change set the planner builds from two real commits is matched
/// against every stage's input rules exactly as `Planner.plan` does, and *every* stage is rendered at
/// both commits. A stage whose output changed but that no rule selected is a recall miss: there must
/// be none. Precision (selected stages whose output really changed) is printed.
///
/// `PHOENIX_ORACLE_EDITS` sets the sample size (`all`: every edit, about 20,000; default 2,000),
/// `PHOENIX_ORACLE_SEED` the seed (default 16).
@Suite struct RenderAllOracleTests {
    /// A configuration the edits are made on.
    struct Corpus {
        var name: String
        var files: [String: Data]
    }

    /// What a stage's render amounts to for the oracle: its artifacts, whether it can apply, whether it fails.
    struct Outcome: Equatable {
        var artifacts: [Artifact]
        var notApplicable: String?
        var hasErrors: Bool

        init(_ render: Render) {
            artifacts = render.artifacts
            notApplicable = render.notApplicable
            hasErrors = render.hasErrors
        }
    }

    static let packageRoot = ExampleRepository.packageRoot

    static func corpora() throws -> [Corpus] {
        var result = [Corpus(name: "example", files: try files(under: packageRoot, folders: ["config", "stacks"]))]
        for folder in ["phoenix-real-2025-10-15", "phoenix-real", "phoenix-real-2025-11-25"] {
            let root = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/\(folder)")
            result.append(Corpus(name: folder, files: try files(under: root, folders: ["config", "stacks", "persistent-storage"])))
        }
        return result
    }

    /// Every regular file under `folders` of `root`, by repository path (the example's `.keep` files left out).
    static func files(under root: URL, folders: [String]) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let rootPath = root.standardizedFileURL.path
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard FileManager.default.fileExists(atPath: base.path) else { continue }
            let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(rootPath.count + 1))
                guard !relative.hasSuffix("/.keep") else { continue }
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func everyStageWhoseOutputChangesIsSelectedByItsRules() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = UInt64(environment["PHOENIX_ORACLE_SEED"] ?? "") ?? 16
        let wanted = environment["PHOENIX_ORACLE_EDITS"] == "all" ? Int.max : Int(environment["PHOENIX_ORACLE_EDITS"] ?? "") ?? 2_000
        let scratch = try ScratchDirectory(prefix: "phoenix-oracle")
        let catalogue = StageCatalogue.standard
        let settings = StageSettings()
        let author = Signature(name: "oracle", email: "oracle@example.invalid")

        // Every edit of every corpus, then one seeded sample across all of them.
        var prepared: [(corpus: Corpus, documents: [String: JSONValue], base: [String: Data])] = []
        var pool: [(corpus: Int, edit: OracleEdit)] = []
        for corpus in try Self.corpora() {
            var documents: [String: JSONValue] = [:]
            var base = corpus.files
            for (path, data) in corpus.files where path.hasSuffix(".json") && !path.hasPrefix("persistent-storage/") {
                guard let root = try? JSONParser.parse(data).root else { continue }
                documents[path] = root
                base[path] = Data(OracleJSON.text(root).utf8)
            }
            let edits = OracleEdit.all(in: base, documents: documents)
            pool += edits.map { (prepared.count, $0) }
            prepared.append((corpus, documents, base))
        }
        var random = OracleRandom(seed: seed)
        let sample = pool.count <= wanted ? pool : Array(pool.shuffled(using: &random).prefix(wanted))
        #expect(sample.count >= min(2_000, pool.count), "a sample of at least 2,000 edits (\(pool.count) known)")

        var tried = 0
        var refused = 0
        var unchanged = 0
        var selected = 0
        var selectedAndChanged = 0
        var changedTotal = 0
        var misses: [String] = []
        var missedRules: [StageID: Int] = [:]
        for (index, prepared) in prepared.enumerated() {
            let edits = sample.filter { $0.corpus == index }.map(\.edit)
            guard !edits.isEmpty else { continue }
            let repository = try Repository.create(at: scratch.path("\(prepared.corpus.name).git"), bare: true)
            let baseCommit = try repository.commitFiles(
                prepared.base.mapValues { .write($0) }, onto: "refs/heads/base", expectedTip: nil, message: "base", author: author)
            let baseReport = ConfigValidator.validate(source: InMemorySource(files: prepared.base))
            let baseSnapshot = try #require(baseReport.snapshot, "\(prepared.corpus.name) loads")
            #expect(!baseReport.hasErrors, "\(prepared.corpus.name): \(baseReport.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
            let before = Dictionary(uniqueKeysWithValues: catalogue.stages.map { ($0.id, Outcome($0.render(baseSnapshot, settings: settings))) })

            for (number, edit) in edits.enumerated() {
                tried += 1
                let files = edit.apply(to: prepared.base, documents: prepared.documents)
                // A commit the planner would refuse (validation errors) plans and applies nothing.
                let report = ConfigValidator.validate(source: InMemorySource(files: files))
                guard !report.hasErrors, let snapshot = report.snapshot else {
                    refused += 1
                    continue
                }
                var changes: [String: FileChange] = [:]
                for path in Set(files.keys).union(prepared.base.keys) where files[path] != prepared.base[path] {
                    changes[path] = files[path].map { .write($0) } ?? .delete
                }
                let ref = "refs/heads/edit-\(number)"
                let start = try repository.commitTree(of: baseCommit, onto: ref, expectedTip: nil, message: "base", author: author)
                let commit = try repository.commitFiles(changes, onto: ref, expectedTip: start, message: "\(edit)", author: author)
                let changeSet = try ChangeSet.between(baseCommit, commit, in: repository, layout: .default)

                let candidates = Set(catalogue.stages.filter { !PlanningPass.reasons($0, changeSet).isEmpty }.map(\.id))
                let changed = Set(
                    catalogue.stages.filter { before[$0.id] != Outcome($0.render(snapshot, settings: settings)) }.map(\.id))
                if changed.isEmpty { unchanged += 1 }
                changedTotal += changed.count
                selected += candidates.count
                selectedAndChanged += candidates.intersection(changed).count
                for stage in changed.subtracting(candidates).sorted() {
                    missedRules[stage, default: 0] += 1
                    if misses.count < 40 {
                        misses.append("\(prepared.corpus.name): \(edit): \(stage) output changed but no rule selected it")
                    }
                }
            }
        }
        let precision = selected == 0 ? 1 : Double(selectedAndChanged) / Double(selected)
        print(
            "render-all oracle (seed \(seed)): \(tried) edits of \(pool.count), \(refused) refused by validation, "
                + "\(unchanged) changed no output; \(changedTotal) changed stage outputs, all selected: "
                + "\(missedRules.isEmpty); \(selected) stages selected, \(selectedAndChanged) of them changed: "
                + "precision \(String(format: "%.1f", precision * 100)) %")
        #expect(missedRules.isEmpty, "recall misses per stage \(missedRules):\n\(misses.joined(separator: "\n"))")
        #expect(tried - refused >= 1_000 || wanted < 2_000, "most edits must load, or the oracle tests little")
    }
}
