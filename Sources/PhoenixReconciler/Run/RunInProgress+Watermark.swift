import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixStages

extension RunInProgress {
    /// The steps of a run at a watermark (self-heal, time-driven stages): the same steps as a reconcile from
    /// the start of the report on, with ``WatermarkPlanStep`` for the plan. No fetch and no change set.
    static let watermark: [any RunStep] = [StartReportStep(), ValidationStep(), WatermarkPlanStep(), ApplyStagesStep()]

    /// A time-driven run: the due stages, then a run at their watermark.
    static let timeDriven: [any RunStep] = [DueStagesStep()] + watermark

    /// A drift check: record an interrupted run first, compare, then re-apply what the guard allows.
    static func driftCheck(_ options: DriftOptions) -> [any RunStep] {
        [RecoverInterruptedRunStep(), DriftCheckStep(options: options), SelfHealStep()]
    }

    /// A run of `selection` at `commit`, their own watermark: the stages are rendered at the commit they
    /// were last applied from (never a newer one) and applied; the others are listed as up to date with
    /// the selection's `otherReason`.
    mutating func applyAtWatermark(_ selection: WatermarkSelection, commit: ObjectID) async throws -> RunResult {
        atWatermark(selection, commit: commit)
        return try await perform(Self.watermark)
    }

    /// Makes this a run at a watermark: the tracked commit is not handled by it (`last_target` stays), and
    /// no watermark moves.
    mutating func atWatermark(_ selection: WatermarkSelection, commit: ObjectID) {
        target = commit
        movesTarget = false
        watermark = selection
        logger.info(
            "stages at their watermark", metadata: ["stages": "\(selection.stages.map(\.rawValue).sorted().joined(separator: ","))"])
    }
}
