public import Foundation

/// A bounded, seeded fuzz run of one parser (ADR 0019): mutated seed inputs fed to `target`, each input
/// written first to `<folder>/<name>.last` so that a crash (which ends the test process) leaves the input
/// that caused it behind, ready to be added to the replayed crash corpus.
///
/// Bounds: `PHOENIX_FUZZ_SECONDS` (a time budget, for CI) or else `iterations`; `PHOENIX_FUZZ_SEED`
/// picks the seed (default fixed, so a normal test run is reproducible).
public struct FuzzCampaign: Sendable {
    /// The target's name (`json`, `yaml`, `webhook`).
    public let name: String
    /// The seed inputs.
    public let seeds: [[UInt8]]
    /// Iterations when no time budget is set.
    public let iterations: Int

    /// A campaign over `seeds`.
    public init(name: String, seeds: [[UInt8]], iterations: Int = 2_000) {
        self.name = name
        self.seeds = seeds.isEmpty ? [[]] : seeds
        self.iterations = iterations
    }

    /// Where the input in progress is written.
    public static var folder: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["PHOENIX_FUZZ_DIR"] ?? NSTemporaryDirectory())
            .appendingPathComponent("phoenix-fuzz", isDirectory: true)
    }

    /// Runs `target` on every seed, then on mutated inputs until the budget is spent; returns how many
    /// inputs ran. `target` returns normally or throws its parser's error: either is fine; a crash or a
    /// hang is the failure this looks for.
    @discardableResult
    public func run(_ target: ([UInt8]) -> Void) throws -> Int {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["PHOENIX_FUZZ_SECONDS"].flatMap(Double.init)
        let seed = environment["PHOENIX_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EC1_1A7E
        try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
        let last = Self.folder.appendingPathComponent("\(name).last")
        let deadline = seconds.map { Date().addingTimeInterval($0) }
        var mutator = Mutator(seed: seed)
        var count = 0
        func feed(_ input: [UInt8]) throws {
            try Data(input).write(to: last)
            target(input)
            count += 1
        }
        for input in seeds { try feed(input) }
        var index = 0
        while deadline.map({ Date() < $0 }) ?? (index < iterations) {
            let base = seeds[mutator.below(seeds.count)]
            try feed(mutator.mutate(base, splicing: seeds))
            index += 1
        }
        try? FileManager.default.removeItem(at: last)
        if seconds != nil { print("fuzz \(name): seed \(seed), \(count) inputs, no crash") }
        return count
    }
}
