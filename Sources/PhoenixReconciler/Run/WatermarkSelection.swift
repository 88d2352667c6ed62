import PhoenixStages

/// What a run at a watermark re-applies (self-heal, time-driven stages): the stages, each one's causes
/// (the drifted objects, the due entries), and the one line every other stage gets in the report.
struct WatermarkSelection: Sendable {
    /// The stages to render at their watermark and apply.
    var stages: Set<StageID>
    /// Per stage, one line per cause.
    var reasons: [StageID: [String]]
    /// Why the other stages do not run ("not drifted").
    var otherReason: String
}
