/// Prints benchmark reports as one Markdown table (so it can be pasted into docs/benchmarks.md),
/// followed by the checks and remarks.
enum ResultTable {
    /// The Markdown text of `reports`.
    static func markdown(_ reports: [BenchReport]) -> String {
        var lines = [
            "| benchmark | measure | phoenix-gitops | baseline | ratio (baseline ÷ ours) |",
            "|---|---|---|---|---|",
        ]
        for row in reports.flatMap(\.rows) {
            let ratio = row.loses ? "**\(row.ratio)** (we lose)" : row.ratio
            lines.append("| \(row.benchmark) | \(row.measure) | \(row.ours) | \(row.baseline) | \(ratio) |")
        }
        let checks = reports.flatMap(\.checks)
        if !checks.isEmpty {
            lines.append("")
            lines += checks.map { "- check: \($0)" }
        }
        let notes = reports.flatMap(\.notes)
        if !notes.isEmpty {
            lines.append("")
            lines += notes.map { "- \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
