import Foundation

/// `diff -u` style text of two versions of a file, for the artifact previews of `plan`.
public enum UnifiedDiff {
    /// The unified diff of `old` → `new` (nil: the file does not exist on that side) with `context`
    /// lines around each change; empty when the contents are equal. Contents that are not UTF-8 text
    /// (or hold NUL bytes) give one `Binary contents differ` line instead of hunks.
    public static func text(old: Data?, new: Data?, oldLabel: String, newLabel: String, context: Int = 3) -> String {
        guard old != new else { return "" }
        let header = "--- \(old == nil ? "/dev/null" : oldLabel)\n+++ \(new == nil ? "/dev/null" : newLabel)\n"
        guard let oldLines = lines(old), let newLines = lines(new) else {
            return header + "Binary contents differ\n"
        }
        let operations = LineDiff.script(oldLines.map(\.key), newLines.map(\.key))
        return header + hunks(operations, oldLines, newLines, context: max(0, context))
    }

    /// One line: its text and whether it ends the file without a newline (part of the compared key, so a
    /// newline added at the end is a change, as in `diff`).
    struct Line {
        var text: Substring
        var missingNewline: Bool
        var key: String { missingNewline ? String(text) + "\u{0}" : String(text) }
    }

    private static func lines(_ data: Data?) -> [Line]? {
        guard let data else { return [] }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else { return nil }
        guard !text.isEmpty else { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { parts.removeLast() }
        return parts.enumerated().map { index, part in
            Line(text: part, missingNewline: !endsWithNewline && index == parts.count - 1)
        }
    }

    /// One step of the script with the line numbers (0-based) it is at.
    private struct Step {
        var operation: LineDiff.Operation
        var old: Int
        var new: Int
    }

    private static func hunks(_ operations: [LineDiff.Operation], _ old: [Line], _ new: [Line], context: Int) -> String {
        var steps: [Step] = []
        steps.reserveCapacity(operations.count)
        var o = 0
        var n = 0
        for operation in operations {
            steps.append(Step(operation: operation, old: o, new: n))
            switch operation {
            case .equal:
                o += 1
                n += 1
            case .delete: o += 1
            case .insert: n += 1
            }
        }
        let changed = steps.indices.filter { steps[$0].operation != .equal }
        guard let first = changed.first else { return "" }
        var ranges: [ClosedRange<Int>] = []
        var start = first
        var last = first
        for index in changed.dropFirst() {
            if index - last - 1 > 2 * context {
                ranges.append(start...last)
                start = index
            }
            last = index
        }
        ranges.append(start...last)

        var text = ""
        for range in ranges {
            let lower = max(0, range.lowerBound - context)
            let upper = min(steps.count - 1, range.upperBound + context)
            let slice = steps[lower...upper]
            let oldCount = slice.filter { $0.operation != .insert }.count
            let newCount = slice.filter { $0.operation != .delete }.count
            let oldStart = oldCount == 0 ? steps[lower].old : steps[lower].old + 1
            let newStart = newCount == 0 ? steps[lower].new : steps[lower].new + 1
            text += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for step in slice {
                let line: Line
                switch step.operation {
                case .equal:
                    line = old[step.old]
                    text += " " + line.text + "\n"
                case .delete:
                    line = old[step.old]
                    text += "-" + line.text + "\n"
                case .insert:
                    line = new[step.new]
                    text += "+" + line.text + "\n"
                }
                if line.missingNewline { text += "\\ No newline at end of file\n" }
            }
        }
        return text
    }
}
