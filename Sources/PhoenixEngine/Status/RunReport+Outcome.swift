extension RunReport {
    /// The run's result from its stages: interrupted when a stage was not reached, failed when one
    /// failed or was skipped for a failed dependency, succeeded otherwise.
    package var outcomeOfStages: RunResultKind {
        if stages.contains(where: { $0.result == .notRun }) { return .interrupted }
        if stages.contains(where: { $0.result == .failed || $0.result == .skipped }) { return .failed }
        return .succeeded
    }
}

extension RunReport {
    /// The first thing that went wrong, as one line: a failed stage's error, the first error finding, the
    /// refused signature's reason, a run error; nil when nothing did. What notifications, `status` and a
    /// refused tip's message quote.
    public var firstProblem: String? {
        if let stage = stages.first(where: { $0.result == .failed }) {
            return "\(stage.stage): \(stage.error ?? "failed")"
        }
        if let finding = findings.first(where: { $0.severity == "error" }) { return finding.formatted }
        if let signature, !signature.accepted { return "signature: \(signature.reason)" }
        return errors.first
    }
}
