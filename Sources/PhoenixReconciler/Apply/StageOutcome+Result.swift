import PhoenixEngine
import PhoenixStages

extension StageOutcome {
    /// The result recorded for it.
    var kind: StageResultKind {
        switch self {
        case .succeeded: .succeeded
        case .failed: .failed
        case .skipped: .skipped
        case .notRun: .notRun
        }
    }

    /// Why it did not succeed (nil when it did).
    var message: String? {
        switch self {
        case .succeeded: nil
        case .failed(let text), .skipped(let text), .notRun(let text): text
        }
    }
}

extension NodeReport {
    /// The report of a stage's result on one node.
    init(_ result: StageNodeResult) {
        var written: [String] = []
        var removed: [String] = []
        var actions: [[String]] = []
        if case .succeeded(let report) = result.outcome {
            written = report.written.map(\.description)
            removed = report.removed.map(\.description)
            actions = report.actions
        }
        self.init(
            node: result.node, result: result.outcome.kind, written: written, removed: removed, actions: actions,
            error: result.outcome.message, failureKind: result.failureKind)
    }
}
