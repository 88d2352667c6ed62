extension RunReport {
    /// The run's result from its stages: interrupted when a stage was not reached, failed when one
    /// failed or was skipped for a failed dependency, succeeded otherwise.
    var outcomeOfStages: RunResultKind {
        if stages.contains(where: { $0.result == .notRun }) { return .interrupted }
        if stages.contains(where: { $0.result == .failed || $0.result == .skipped }) { return .failed }
        return .succeeded
    }
}
