import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixTesting
import Testing

/// Findings M1 (a tree 20,000 folders deep crashed the watcher) and L1 (blobs copied whole before the
/// size check; no total budget) on git commits (ADR 0019).
@Suite struct InputLimitsGitTests {
    @Test func aDeepTreeIsAFindingNotAStackOverflow() throws {
        let repo = try ExampleRepository()
        let deep = try DeepTree.commit(on: repo, depth: 20_000)
        let repository = try repo.open()

        // The walk itself no longer recurses: every file, the one 20,000 folders down included.
        let files = try repository.files(at: deep, under: "stacks/vector_db")
        #expect(files.keys.contains { $0.hasSuffix("/a/a/f") && $0.count > 40_000 })
        // Bounded, it stops at the first folder past the limit.
        #expect(throws: GitError.self) { try repository.files(at: deep, under: "stacks/vector_db", maxDepth: 32) }

        // validate, plan and every run load through GitConfigSource: an error finding with its folder.
        let report = ConfigValidator.validate(source: GitConfigSource(repository: repository, commit: deep))
        let finding = try #require(report.findings(.stackTooDeep).first)
        #expect(finding.file == "stacks/vector_db")
        #expect(finding.message.contains("more than 32 levels"))

        let planner = Planner(catalogue: .standard, settings: WatcherSettings())
        let bases = PlanBases(fallback: try repo.sha("HEAD~1"))
        var refused: [Diagnostic] = []
        do {
            _ = try planner.plan(repository: repository, target: deep, bases: bases)
        } catch {
            if case .invalidConfiguration(_, let diagnostics) = error { refused = diagnostics }
        }
        #expect(refused.contains { $0.code == .stackTooDeep }, "the plan is refused with the finding")
    }

    @Test func anOversizedBlobIsRefusedFromItsHeaderWithoutInflatingIt() throws {
        let repo = try ExampleRepository()
        // 256 KiB that zlib cannot shrink, then the loose object cut to its first 512 bytes: the header
        // (type and size) is still readable, the content is not. Reading it whole fails; the header
        // check refuses it as too large before that.
        var generator = SplitMix(seed: 7)
        let noise = Data((0..<(256 * 1024)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        try repo.write("stacks/vector_db/blob.bin", String(decoding: noise.base64EncodedData(), as: UTF8.self))
        let commit = try repo.commit("big blob")
        let blob = try repo.git.run("rev-parse", "HEAD:stacks/vector_db/blob.bin").trimmingCharacters(in: .whitespacesAndNewlines)
        let object = repo.root.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        let truncated = try Data(contentsOf: object).prefix(512)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        try truncated.write(to: object)

        let repository = try repo.open()
        let source = GitConfigSource(repository: repository, commit: commit, maxFileBytes: 64 * 1024)
        #expect(try source.size(of: "stacks/vector_db/blob.bin") == noise.base64EncodedData().count)
        do {
            _ = try source.read("stacks/vector_db/blob.bin")
            Issue.record("an oversized blob was returned")
        } catch let error as ConfigSourceError {
            guard case .tooLarge(let size, let limit) = error.kind else {
                Issue.record("the blob was inflated before the size check: \(error)")
                return
            }
            #expect(size == noise.base64EncodedData().count && limit == 64 * 1024)
        }
        #expect(throws: GitError.self) { try repository.blob(at: commit, path: "stacks/vector_db/blob.bin", maxBytes: 1024) }
    }

    @Test func stackBudgetOnACommitUsesObjectSizes() throws {
        let repo = try ExampleRepository()
        for index in 0..<3 { try repo.write("stacks/vector_db/data/\(index).txt", String(repeating: "x", count: 50_000)) }
        let commit = try repo.commit("data")
        var settings = WatcherSettings()
        settings.limits.maxStackBytes = 120_000
        let report = ConfigValidator.validate(
            source: GitConfigSource(repository: try repo.open(), commit: commit, limits: settings.limits),
            limits: settings.limits)
        #expect(report.findings(.stackTooLarge).map(\.file) == ["stacks/vector_db/data/2.txt"])
    }
}

/// A small deterministic generator (SplitMix64) for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
