/// One line of the result table: a measure of ours beside the baseline's, and their ratio.
struct ResultRow {
    /// Which benchmark (`1. changes`).
    var benchmark: String
    /// What was measured.
    var measure: String
    /// Our figure, formatted.
    var ours: String
    /// The baseline's figure, formatted ("—" when there is none).
    var baseline: String = "—"
    /// baseline ÷ ours for costs (above 1: we are cheaper), formatted ("—" when there is none).
    var ratio: String = "—"
    /// Whether we lose to the baseline on this row (ratio below 1); such rows are called out.
    var loses = false
}

/// What one benchmark found: its rows, the correctness checks it passed, and remarks.
struct BenchReport {
    /// Table rows.
    var rows: [ResultRow] = []
    /// Checks that passed ("jq and the renderer produce the same 6,012 records").
    var checks: [String] = []
    /// Remarks (method, what a loss is due to).
    var notes: [String] = []
}
