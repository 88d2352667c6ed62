import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Issue #16 item 2: parsed files kept by git blob id. A blob id names its bytes, so what the cache
/// returns is what parsing would; what it saves is counted (`misses` are the parses made).
@Suite struct ParsedBlobCacheTests {
    let scratch: ScratchDirectory
    let git: GitCLI

    init() throws {
        GitTestEnvironment.prepare()
        scratch = try ScratchDirectory(prefix: "phoenix-blob-cache")
        git = try GitCLI.initRepository(at: scratch.path("repo"))
    }

    func commit(_ files: [String: String?], _ message: String = "change") throws -> ObjectID {
        try #require(ObjectID(hex: try git.commit(files, message: message)))
    }

    /// The distinct blobs of the JSON files under `config/` at `commits`.
    func configBlobs(_ commits: [ObjectID]) throws -> Set<String> {
        var ids = Set<String>()
        for commit in commits {
            for line in try git.run("ls-tree", "-r", commit.hex, "config").split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.count == 4, fields[3].hasSuffix(".json") { ids.insert(String(fields[2])) }
            }
        }
        return ids
    }

    @Test func aPlanParsesEveryBlobOnceAndDecidesAsWithoutTheCache() throws {
        let base = try commit(MiniConfig.files())
        let target = try commit(MiniConfig.files(names: [101: "gw", 102: "www"]))
        let repository = try Repository.open(at: git.directory)
        let uncached = Planner(catalogue: TestStage.catalogue, settings: StageSettings())
        var cached = uncached
        let cache = ParsedBlobCache()
        cached.documents = cache

        let plan = try cached.plan(repository: repository, target: target, bases: PlanBases(fallback: base))
        let reference = try uncached.plan(repository: repository, target: target, bases: PlanBases(fallback: base))
        #expect(plan.stages.map(\.decision) == reference.stages.map(\.decision))
        #expect(plan.stages.map(\.explanation) == reference.stages.map(\.explanation))
        #expect(plan.stages.map { $0.artifacts.map(\.newDigest) } == reference.stages.map { $0.artifacts.map(\.newDigest) })
        #expect(plan.diagnostics == reference.diagnostics)
        // The target's load, the change set and the base's load share one parse per blob.
        #expect(plan.stage("names")?.comparison == .baseRender, "the base was loaded and rendered")
        #expect(cache.counts.misses == (try configBlobs([base, target])).count)

        // The same plan again parses nothing.
        let misses = cache.counts.misses
        _ = try cached.plan(repository: repository, target: target, bases: PlanBases(fallback: base))
        #expect(cache.counts.misses == misses)
    }

    @Test func findingsAreTheSameFromTheCache() throws {
        let files = MiniConfig.files().merging(
            ["config/phoenix_vm_configs.json": "{\n    \"vms\": [],\n    \"vms\": []\n}\n"], uniquingKeysWith: { $1 })
        let target = try commit(files)
        let repository = try Repository.open(at: git.directory)
        let cache = ParsedBlobCache()
        func validate() -> [Diagnostic] {
            ConfigValidator.validate(
                source: GitConfigSource(repository: repository, commit: target, limits: .default, documents: cache)
            ).diagnostics
        }
        let first = validate()
        let hits = cache.counts.hits
        let second = validate()
        #expect(cache.counts.hits > hits, "the second load came from the cache")
        #expect(first == second)
        #expect(second.contains { $0.code.rawValue == "duplicate-key-identical" }, "\(second)")
    }

    @Test func theBudgetDropsTheOldestDocuments() throws {
        let cache = ParsedBlobCache(byteBudget: 100)
        let document = try JSONParser.parse("{}")
        let ids = try (1...4).map { try #require(ObjectID(hex: String(repeating: "0", count: 39) + "\($0)")) }
        for id in ids { cache.store(document, id: id, bytes: 40, options: .default) }
        #expect(cache.document(ids[0], options: .default) == nil)
        #expect(cache.document(ids[1], options: .default) == nil)
        #expect(cache.document(ids[2], options: .default) != nil)
        #expect(cache.document(ids[3], options: .default) != nil)
        // Other parser options are another document (limits are never bypassed through the cache).
        #expect(cache.document(ids[3], options: JSONParserOptions(maxBytes: 10, maxDepth: 1)) == nil)
        // A blob over the whole budget is not kept.
        let big = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        cache.store(document, id: big, bytes: 101, options: .default)
        #expect(cache.document(big, options: .default) == nil)
    }

    @Test func aWatcherRunParsesOnlyTheFileItsCommitChanged() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let configuration = fixture.configuration()
        let reconciler = Reconciler(configuration)
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        let before = configuration.documents.counts.misses
        #expect(before > 0)

        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.7/24")], message: "move the VM")
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        // Validation parsed the new VM file; the change set found both sides of it in the cache.
        #expect(configuration.documents.counts.misses == before + 1)
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.7/24\n")
    }
}
