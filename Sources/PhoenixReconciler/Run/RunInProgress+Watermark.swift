import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixStages

extension RunInProgress {
    /// A run of `stages` at `commit`, their own watermark (self-heal, time-driven certificates): the same
    /// steps as a reconcile from the start of the report on, with ``WatermarkPlanStep`` for the plan. No
    /// fetch and no change set; the stages are rendered at the commit they were last applied from (never a
    /// newer one) and applied; the others are listed as up to date with `otherReason`. The tracked commit
    /// is not handled by such a run (`last_target` stays), and no watermark moves.
    mutating func applyAtWatermark(
        _ stages: Set<StageID>, commit: ObjectID, reasons: [StageID: [String]], otherReason: String
    ) async throws -> RunResult {
        target = commit
        movesTarget = false
        logger.info("stages at their watermark", metadata: ["stages": "\(stages.map(\.rawValue).sorted().joined(separator: ","))"])
        return try await perform(Self.watermark(stages, reasons: reasons, otherReason: otherReason))
    }

    /// The steps of a run at a watermark.
    static func watermark(_ stages: Set<StageID>, reasons: [StageID: [String]], otherReason: String) -> [any RunStep] {
        [
            StartReportStep(), ValidationStep(),
            WatermarkPlanStep(stages: stages, reasons: reasons, otherReason: otherReason), ApplyStagesStep(),
        ]
    }
}
