import ArgumentParser

/// Options every benchmark takes.
struct BenchOptions: ParsableArguments {
    @Flag(help: "Small sizes and few repetitions, for CI (every benchmark, under a minute in a debug build).")
    var quick = false

    @Option(name: .customLong("repeat"), help: "Repetitions per measurement; the median is reported (default 7, quick 3).")
    var repetitions: Int?

    @Option(help: "Seed of the synthetic repositories and the scripted history (same seed, same data).")
    var seed: UInt64 = 8

    /// The repetition count in effect.
    var count: Int { max(1, repetitions ?? (quick ? 3 : 7)) }

    func validate() throws {
        if let repetitions, repetitions < 1 { throw ValidationError("--repeat must be at least 1") }
    }
}
