import Foundation
import PhoenixTesting
import Testing

@testable import PhoenixEngine

/// The artifact diffs of `plan`, checked by the real `git apply` as a peer: applying our diff to the
/// old text must give exactly the new text.
@Suite struct UnifiedDiffTests {
    /// Applies `diff` with `git apply` to `old` (nil: no file) and returns the file afterwards (nil: gone).
    func applyWithGit(_ diff: String, to old: String?) throws -> String? {
        let scratch = try ScratchDirectory(prefix: "phoenix-diff")
        let file = scratch.path("f.txt")
        if let old { try Data(old.utf8).write(to: file) }
        try GitCLI(in: scratch.url).runData(["apply", "--whitespace=nowarn", "-"], input: Data(diff.utf8))
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try String(contentsOf: file, encoding: .utf8)
    }

    func diff(_ old: String?, _ new: String?, context: Int = 3) -> String {
        UnifiedDiff.text(
            old: old.map { Data($0.utf8) }, new: new.map { Data($0.utf8) }, oldLabel: "a/f.txt", newLabel: "b/f.txt",
            context: context)
    }

    @Test func aChangedLineInTheMiddle() throws {
        let old = (1...20).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 10\n", with: "line ten\n")
        let text = diff(old, new)
        #expect(text == """
            --- a/f.txt
            +++ b/f.txt
            @@ -7,7 +7,7 @@
             line 7
             line 8
             line 9
            -line 10
            +line ten
             line 11
             line 12
             line 13

            """)
        #expect(try applyWithGit(text, to: old) == new)
    }

    @Test func equalContentsGiveNoDiffAndBinaryIsNamed() {
        #expect(diff("a\n", "a\n").isEmpty)
        let binary = UnifiedDiff.text(old: Data([0, 1, 2]), new: Data([0, 1, 3]), oldLabel: "a/x", newLabel: "b/x")
        #expect(binary == "--- a/x\n+++ b/x\nBinary contents differ\n")
    }

    @Test func addedRemovedAndMissingFinalNewlines() throws {
        let cases: [(String?, String?)] = [
            (nil, "one\ntwo\n"), ("one\ntwo\n", nil), ("one\ntwo", "one\ntwo\n"), ("one\ntwo\n", "one\ntwo"),
            ("a\nb\nc", "a\nB\nc"), ("", "x\n"), ("x\n", ""),
        ]
        for (old, new) in cases {
            let text = diff(old, new)
            #expect(!text.isEmpty)
            #expect(try applyWithGit(text, to: old) == new, "\(String(describing: old)) → \(String(describing: new)):\n\(text)")
        }
        #expect(diff("one\ntwo", "one\ntwo\n").contains("\\ No newline at end of file\n"))
        #expect(diff(nil, "x\n").hasPrefix("--- /dev/null\n+++ b/f.txt\n@@ -0,0 +1,1 @@\n+x\n"))
    }

    @Test func randomEditsApplyExactly() throws {
        var generator = SeededGenerator(seed: 0x5eed)
        for round in 0..<40 {
            let count = Int.random(in: 0...60, using: &generator)
            let old = (0..<count).map { _ in "v\(Int.random(in: 0...9, using: &generator))" }
            var new = old
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                switch Int.random(in: 0...2, using: &generator) {
                case 0 where !new.isEmpty: new.remove(at: Int.random(in: 0..<new.count, using: &generator))
                case 1: new.insert("n\(round)", at: Int.random(in: 0...new.count, using: &generator))
                default:
                    if !new.isEmpty { new[Int.random(in: 0..<new.count, using: &generator)] = "c\(round)" }
                }
            }
            let oldText = old.map { $0 + "\n" }.joined()
            let newText = new.map { $0 + "\n" }.joined()
            guard oldText != newText else { continue }
            for context in [1, 3] {
                let text = diff(oldText, newText, context: context)
                #expect(try applyWithGit(text, to: oldText) == newText, "round \(round), context \(context):\n\(text)")
            }
        }
    }

    @Test func theScriptIsMinimalAndFallsBackPastTheEditLimit() throws {
        let old = Array(0..<200)
        var new = old
        new[50] = -1
        new.insert(-2, at: 120)
        let script = LineDiff.script(old, new)
        #expect(script.count { $0 != .equal } == 3, "one change (delete + insert) and one insertion")
        let bounded = LineDiff.script(Array(0..<50), Array(100..<150), maxEdits: 10)
        #expect(bounded == Array(repeating: .delete, count: 50) + Array(repeating: .insert, count: 50))
        #expect(try applyWithGit(diff("a\n", "b\n"), to: "a\n") == "b\n")
    }
}

/// A small deterministic generator (SplitMix64) so random cases are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
