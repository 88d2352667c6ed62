import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

/// ADR 0051: `Repository.diff` pairs deletions with additions by git's own rename detection
/// (diffcore-rename.c / diffcore-delta.c of git 2.39), so even pairs at the 50% threshold are judged
/// as `git diff --name-status -M` judges them. Each case is built byte for byte (``Lines``: 10-byte
/// lines, so a score is 60 × shared bytes per 1000) and checked twice: our diff equals git's, and
/// git's answer is the one the case was built for (so the case really sits where it claims).
@Suite struct RenameDetectionTests {
    struct Case {
        let name: String
        let old: [String: FastImportHistory.Entry]
        let new: [String: FastImportHistory.Entry]
        /// git's `--name-status` lines, similarity digits dropped.
        let expected: Set<[String]>
    }

    static func check(_ cases: [Case]) throws {
        let fixture = try GitFixture()
        var history = FastImportHistory()
        let marks = cases.map { ($0, history.commit($0.old), history.commit($0.new)) }
        let shas = try history.run(in: fixture.work, marksFile: fixture.scratch.path("marks"))
        let repository = try fixture.openWork()
        for (item, oldMark, newMark) in marks {
            let from = try #require(shas[oldMark])
            let to = try #require(shas[newMark])
            let theirs = try fixture.cliNameStatus(from: from, to: to)
            let fromID = try #require(ObjectID(hex: from))
            let toID = try #require(ObjectID(hex: to))
            let ours = GitFixture.nameStatus(try repository.diff(from: fromID, to: toID))
            #expect(ours == theirs, "\(item.name): ours \(ours.sorted { $0.lexicographicallyPrecedes($1) })")
            #expect(theirs == item.expected, "\(item.name): git says \(theirs.sorted { $0.lexicographicallyPrecedes($1) })")
        }
    }

    static let source = Lines.make("a", 0..<100)

    /// A 1000-byte file against destinations at, just under and just over 50% by git's measure.
    @Test func theFiftyPercentThreshold() throws {
        let renamed: Set<[String]> = [["R", "old/a.txt", "new/b.txt"]]
        let notRenamed: Set<[String]> = [["D", "old/a.txt"], ["A", "new/b.txt"]]
        func pair(_ name: String, _ destination: String, _ expected: Set<[String]>) -> Case {
            Case(name: name, old: ["old/a.txt": .text(Self.source)], new: ["new/b.txt": .text(destination)], expected: expected)
        }
        try Self.check([
            // 500 of 1000 bytes: exactly 30000.
            pair("exactly 50%", Lines.make("a", 0..<50) + Lines.make("b", 0..<50), renamed),
            // 500 of 1001 bytes: 29970.
            pair("one byte under", Lines.make("a", 0..<50) + Lines.make("b", 0..<49) + "b123456789\n", notRenamed),
            pair("49%", Lines.make("a", 0..<49) + Lines.make("b", 0..<51), notRenamed),
            pair("51%", Lines.make("a", 0..<51) + Lines.make("b", 0..<49), renamed),
            // A shorter destination: 500 copied of max(1000, 990) bytes is still 30000.
            pair("shorter, 50%", Lines.make("a", 0..<50) + Lines.make("b", 0..<49), renamed),
            // Moved lines count: the measure is per chunk, not per position.
            pair("reordered, 50%", Lines.make("b", 0..<50) + Lines.make("a", 50..<100), renamed),
            // Repeated lines count once per copy in the source (min of both counts).
            pair("repeats", String(repeating: Lines.make("a", 0..<1), count: 100), notRenamed),
        ])
    }

    /// CR before LF does not count in text; in binary content (a NUL in the first 8000 bytes) it does.
    @Test func lineEndingsAndBinaryContent() throws {
        // 50 shared lines as CRLF (550 bytes) + 45 new (450): 1000 bytes, 500 copied once CR is skipped.
        let crlfDestination = Lines.make("a", 0..<50, ending: "\r\n") + Lines.make("b", 0..<45)
        let nulLine = "\0" + "nul-line" + "\n"
        let binarySource = nulLine + Lines.make("a", 1..<100)
        let bigText = Lines.make("c", 0..<900)
        func withNul(_ text: String, line: Int, ending: String) -> String {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[line] = "\0" + lines[line].dropFirst()
            return lines.dropLast().map { $0 + ending }.joined()
        }
        try Self.check([
            Case(
                name: "CRLF text", old: ["x/a.txt": .text(Self.source)], new: ["y/b.txt": .text(crlfDestination)],
                expected: [["R", "x/a.txt", "y/b.txt"]]),
            Case(
                name: "all CRLF", old: ["x/a.txt": .text(Self.source)],
                new: ["y/b.txt": .text(Lines.make("a", 0..<100, ending: "\r\n"))],
                expected: [["R", "x/a.txt", "y/b.txt"]]),
            // Binary destination: its CRs count, so no CRLF line matches an LF line of the source.
            Case(
                name: "CRLF binary", old: ["x/a.bin": .text(binarySource)],
                new: ["y/b.bin": .text(nulLine + Lines.make("a", 1..<100, ending: "\r\n"))],
                expected: [["D", "x/a.bin"], ["A", "y/b.bin"]]),
            // Binary source, text destination: only the destination's CRs are skipped (per file).
            Case(
                name: "binary to CRLF text", old: ["x/a.bin": .text(binarySource)],
                new: ["y/b.txt": .text(Lines.make("a", 1..<51, ending: "\r\n") + Lines.make("b", 0..<45))],
                expected: [["R", "x/a.bin", "y/b.txt"]]),
            // A NUL after the first 8000 bytes leaves a file text.
            Case(
                name: "late NUL is text", old: ["x/big.txt": .text(withNul(bigText, line: 850, ending: "\n"))],
                new: ["y/big2.txt": .text(withNul(bigText, line: 850, ending: "\r\n"))],
                expected: [["R", "x/big.txt", "y/big2.txt"]]),
            Case(
                name: "early NUL is binary", old: ["x/big.txt": .text(withNul(bigText, line: 700, ending: "\n"))],
                new: ["y/big2.txt": .text(withNul(bigText, line: 700, ending: "\r\n"))],
                expected: [["D", "x/big.txt"], ["A", "y/big2.txt"]]),
            // git drops a last chunk with no LF and under 64 bytes: 250 of 600 bytes copied, not 310.
            Case(
                name: "unterminated last line",
                old: ["x/t.txt": .text(Lines.make("x", 0..<29) + Lines.make("a", 0..<25) + String(repeating: "t", count: 60))],
                new: ["y/u.txt": .text(Lines.make("y", 0..<29) + Lines.make("a", 0..<25) + String(repeating: "t", count: 60))],
                expected: [["D", "x/t.txt"], ["A", "y/u.txt"]]),
            // Without LFs content is cut into 64-byte chunks: 10 of 20 shared is 50%, 9 is not.
            Case(
                name: "64-byte chunks, 50%", old: ["x/c.dat": .file(Self.chunks(0..<20))],
                new: ["y/d.dat": .file(Self.chunks(0..<10) + Self.chunks(100..<110))],
                expected: [["R", "x/c.dat", "y/d.dat"]]),
            Case(
                name: "64-byte chunks, 45%", old: ["x/c.dat": .file(Self.chunks(0..<20))],
                new: ["y/d.dat": .file(Self.chunks(0..<9) + Self.chunks(100..<111))],
                expected: [["D", "x/c.dat"], ["A", "y/d.dat"]]),
        ])
    }

    /// 64-byte chunks of pseudo-random bytes without LF (and with NULs: binary), one per number.
    static func chunks(_ range: Range<Int>) -> Data {
        var bytes: [UInt8] = []
        for number in range {
            var state = UInt64(number) &* 0x9E37_79B9_7F4A_7C15 &+ 1
            for _ in 0..<64 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let byte = UInt8(truncatingIfNeeded: state >> 33)
                bytes.append(byte == 0x0A ? 0x0B : byte)
            }
        }
        return Data(bytes)
    }

    /// Empty files pair only exactly (git's `rename_empty` is on for `git diff`); same basename first.
    @Test func emptyFiles() throws {
        try Self.check([
            Case(
                name: "empty to empty", old: ["e/one": .text(""), "e/two": .text(""), "keep": .text("k\n")],
                new: ["f/two": .text(""), "g/three": .text(""), "keep": .text("k\n")],
                expected: [["R", "e/two", "f/two"], ["R", "e/one", "g/three"]]),
            Case(
                name: "emptied", old: ["a.txt": .text(Self.source)], new: ["b.txt": .text("")],
                expected: [["D", "a.txt"], ["A", "b.txt"]]),
            Case(
                name: "filled", old: ["a.txt": .text("")], new: ["b.txt": .text(Self.source)],
                expected: [["D", "a.txt"], ["A", "b.txt"]]),
        ])
    }
}
