import Foundation
import PhoenixTesting
import Testing

@testable import PhoenixCore

/// Findings H3 (YAML alias bomb), M1 (deep folders), L1 (size budgets) on a folder source: every limit
/// hit is an error finding naming the file, never a crash or an unbounded allocation (ADR 0019).
@Suite struct InputLimitsTests {
    /// The reviewer's alias bomb with `levels` levels of ten aliases each: 10^levels expanded scalars
    /// from a few hundred bytes.
    static func aliasBomb(levels: Int) -> String {
        var lines = [#"x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        let names = "abcdefghijklmnop".map(String.init)
        for level in 1..<levels {
            let previous = names[level - 1]
            lines.append("x-\(names[level]): &\(names[level]) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]")
        }
        lines += ["services:", "  qdrant:", "    image: qdrant/qdrant", "    labels: *\(names[levels - 1])"]
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aliasBombIsAFindingNotAnAllocation() throws {
        // Six levels (10^6 nodes) was accepted before the budget (179 MB, 1.9 s); nine levels took > 3 GB.
        for levels in [6, 9] {
            var fixture = ConfigFixture()
            fixture.compose = Self.aliasBomb(levels: levels)
            let report = try fixture.validate()
            let finding = try #require(report.findings(.yamlTooLarge).first, "levels \(levels)")
            #expect(finding.severity == .error)
            #expect(finding.file == ConfigFixture.composePath)
            #expect(finding.line != nil)
            #expect(finding.message.contains("100000 nodes"))
            #expect(report.snapshot?.stack(named: "demo")?.compose == nil)
        }
    }

    @Test func anchorsWithinTheBudgetStillWork() throws {
        var fixture = ConfigFixture()
        fixture.compose = """
            x-common: &common
              restart: unless-stopped
              labels: [a, b]
            services:
              web:
                <<: *common
                image: nginx:1.27
              api:
                <<: *common
                image: api:1
            """
        let report = try fixture.validate()
        #expect(report.findings(.yamlTooLarge).isEmpty)
        let compose = try #require(report.snapshot?.stack(named: "demo")?.compose)
        #expect(compose["services"]?["api"]?["image"]?.scalarValue == "api:1")
    }

    @Test func budgetCountsAliasesAtEveryUse() throws {
        let budget = YAMLBudget(maxNodes: 1_000, maxExpandedBytes: 1 << 20, maxDepth: 64)
        // 10 x 10 x 10 scalars plus the collections: over 1,000 nodes only once the aliases are expanded.
        let text = """
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            """
        #expect(throws: YAMLParseError.self) { try budget.check(text) }
        let smaller = YAMLBudget(maxNodes: 2_000, maxExpandedBytes: 1 << 20, maxDepth: 64)
        try smaller.check(text)
        // A big scalar used many times is bounded by bytes, not nodes.
        let big = "a: &a \"" + String(repeating: "x", count: 10_000) + "\"\nb: [" + Array(repeating: "*a", count: 200).joined(separator: ", ") + "]\n"
        let bytes = YAMLBudget(maxNodes: 100_000, maxExpandedBytes: 1 << 20, maxDepth: 64)
        do {
            try bytes.check(big)
            Issue.record("2 MB of expanded scalars passed a 1 MiB budget")
        } catch {
            #expect(error.code == "yaml-too-large")
            #expect(error.message.contains("bytes"))
        }
    }

    @Test func aliasBombAsAMappingKeyIsRefusedBeforeYamsHashesIt() throws {
        // Yams's duplicate-key check hashes every key whole: an expanded key of 10^9 nodes would pin a CPU.
        var fixture = ConfigFixture()
        fixture.compose = Self.aliasBomb(levels: 9).replacingOccurrences(of: "    labels: *i\n", with: "    labels:\n      ? *i\n      : x\n")
        let report = try fixture.validate()
        #expect(report.findings(.yamlTooLarge).count == 1)
    }

    @Test func deeplyNestedYAMLIsRefused() throws {
        var fixture = ConfigFixture()
        fixture.compose = "services: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "\n"
        let report = try fixture.validate()
        let finding = try #require(report.findings(.yamlTooLarge).first)
        #expect(finding.message.contains("nested deeper than 64"))
    }

    @Test func folderDepthUnderAStackIsAFinding() throws {
        let deep = (0..<40).map { _ in "a" }.joined(separator: "/")
        let report = try ConfigFixture().validate { scratch in
            try scratch.write("stacks/demo/deep/\(deep)/f", "x")
        }
        let finding = try #require(report.findings(.stackTooDeep).first)
        #expect(finding.severity == .error)
        #expect(finding.file == "stacks/demo")
        #expect(finding.message.contains("more than 32 levels"))
        // Within the limit it loads.
        let fine = try ConfigFixture().validate { scratch in try scratch.write("stacks/demo/a/b/c/f", "x") }
        #expect(fine.findings(.stackTooDeep).isEmpty)
        #expect(fine.snapshot?.stack(named: "demo")?.files.contains { $0.relativePath == "a/b/c/f" } == true)
    }

    @Test func stackAndCommitByteBudgets() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-core")
        defer { scratch.remove() }
        try ConfigFixture().write(to: scratch)
        for index in 0..<4 { try scratch.write("stacks/demo/data/\(index).bin", Data(count: 40_000)) }
        var limits = InputLimits()
        limits.maxStackBytes = 100_000
        let stack = ConfigValidator.validate(source: FolderSource(root: scratch.url), limits: limits)
        let finding = try #require(stack.findings(.stackTooLarge).first)
        #expect(finding.file == "stacks/demo/data/2.bin")
        #expect(stack.hasErrors)

        limits = InputLimits()
        limits.maxCommitBytes = 60_000
        let commit = ConfigValidator.validate(source: FolderSource(root: scratch.url), limits: limits)
        #expect(commit.findings(.commitTooLarge).count == 1)
        #expect(commit.hasErrors)

        limits = InputLimits()
        limits.maxStackFiles = 3
        let files = ConfigValidator.validate(source: FolderSource(root: scratch.url), limits: limits)
        #expect(files.findings(.tooManyFiles).first?.file == "stacks/demo")
        // The defaults accept the same folder.
        #expect(!ConfigValidator.validate(source: FolderSource(root: scratch.url)).hasErrors)
    }

    /// Stacks named by `compose_file_path` (issue #19) live outside `stacks/`; they pass the same
    /// bounds as folder stacks: depth, file count, bytes and the YAML budget.
    @Test func composePathStacksHaveTheSameBounds() throws {
        let config = #"{"docker_stacks": {"db": {"compose_file_path": "persistent-storage/db/docker-compose.yml"}}}"#
        let deep = (0..<40).map { _ in "a" }.joined(separator: "/")
        let tooDeep = try ConfigFixture().validate { scratch in
            try scratch.write("config/phoenix_stacks_config.json", config)
            try scratch.write("persistent-storage/db/docker-compose.yml", "services:\n  db:\n    image: postgres\n")
            try scratch.write("persistent-storage/db/deep/\(deep)/f", "x")
        }
        let depth = try #require(tooDeep.findings(.stackTooDeep).first)
        #expect(depth.file == "persistent-storage/db" && depth.severity == .error)

        let bomb = try ConfigFixture().validate { scratch in
            try scratch.write("config/phoenix_stacks_config.json", config)
            try scratch.write("persistent-storage/db/docker-compose.yml", Self.aliasBomb(levels: 9))
        }
        #expect(bomb.findings(.yamlTooLarge).first?.file == "persistent-storage/db/docker-compose.yml")

        let scratch = try ScratchDirectory(prefix: "phoenix-core")
        defer { scratch.remove() }
        try ConfigFixture().write(to: scratch)
        try scratch.write("config/phoenix_stacks_config.json", config)
        try scratch.write("persistent-storage/db/docker-compose.yml", "services:\n  db:\n    image: postgres\n")
        for index in 0..<4 { try scratch.write("persistent-storage/db/data/\(index).bin", Data(count: 40_000)) }
        var limits = InputLimits()
        limits.maxStackBytes = 100_000
        let large = ConfigValidator.validate(source: FolderSource(root: scratch.url), limits: limits)
        #expect(large.findings(.stackTooLarge).first?.file?.hasPrefix("persistent-storage/db/data/") == true)
        limits = InputLimits()
        limits.maxStackFiles = 3
        let many = ConfigValidator.validate(source: FolderSource(root: scratch.url), limits: limits)
        #expect(many.findings(.tooManyFiles).first?.file == "persistent-storage/db")
    }
}
